import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settings } from "~/db/schema";
import { readAdminDataVersion } from "~/domain/admin-data/cached";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { loadOrCreateSecret } from "./secrets";

const now = new Date("2026-03-02T09:00:00+08:00");

describe.each(testEngines)("secrets and the administrator-data version on %s", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.dispose());

  const version = () => readAdminDataVersion(database.db);
  const stored = async (key: string) => (await database.db.select().from(settings).where(eq(settings.key, key)))[0]?.value;

  it("makes a secret once; using it again changes nothing the caches watch", async () => {
    const secret = await loadOrCreateSecret(database.db, "test.secret_a", now);
    expect(secret).toMatch(/^[0-9a-f]{32}$/);
    expect(await stored("test.secret_a")).toBe(secret);
    const before = await version();
    expect(await loadOrCreateSecret(database.db, "test.secret_a", now)).toBe(secret);
    // Another process (a transaction is never served from this process's copy) reads the same row.
    expect(await database.db.transaction((tx) => loadOrCreateSecret(tx, "test.secret_a", now))).toBe(secret);
    expect(await version()).toBe(before);
  });

  it("keeps a secret for the life of the process once read", async () => {
    const secret = await loadOrCreateSecret(database.db, "test.secret_b", now);
    await database.db.update(settings).set({ value: "0".repeat(32) }).where(eq(settings.key, "test.secret_b"));
    expect(await loadOrCreateSecret(database.db, "test.secret_b", now)).toBe(secret);
  });

  it("does not keep a secret made in a transaction that rolled back", async () => {
    let madeInside = "";
    await expect(
      database.db.transaction(async (tx) => {
        madeInside = await loadOrCreateSecret(tx, "test.secret_c", now);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await stored("test.secret_c")).toBeUndefined();
    const secret = await loadOrCreateSecret(database.db, "test.secret_c", now);
    expect(secret).not.toBe(madeInside);
    expect(await stored("test.secret_c")).toBe(secret);
  });

  it("bumps the version for every row written to a watched table, and for nothing else", async () => {
    const bumps = async (write: () => Promise<unknown>) => {
      const before = await version();
      await write();
      return (await version()) - before;
    };
    const insert = (key: string) => database.db.insert(settings).values({ key, value: 1, updatedAt: now });
    expect(await bumps(() => insert("test.row"))).toBe(1);
    expect(await bumps(() => insert("test.row").onConflictDoNothing())).toBe(0);
    expect(await bumps(() => database.db.update(settings).set({ value: 2 }).where(eq(settings.key, "test.row")))).toBe(1);
    expect(await bumps(() => database.db.update(settings).set({ value: 3 }).where(eq(settings.key, "test.no_such_row")))).toBe(0);
    expect(await bumps(() => database.db.delete(settings).where(eq(settings.key, "test.no_such_row")))).toBe(0);
    expect(await bumps(() => database.db.delete(settings).where(eq(settings.key, "test.row")))).toBe(1);
    expect(await bumps(() => database.db.execute(sql`truncate calendar_days`))).toBe(1);
  });
});
