import { count } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { categories, departments, userRoles, users } from "~/db/schema";
import { manualClock } from "~/domain/clock";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { seedOnFirstStart } from "./seed";
import { STAFF_ROLES } from "~/db/schema";

describe.each(testEngines)("first-start seed on %s", (engine) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.dispose();
    database = undefined;
  });
  const clock = manualClock(new Date("2026-01-05T08:00:00+08:00"));
  const countOf = async (table: typeof departments | typeof categories | typeof users) =>
    (await database!.db.select({ value: count() }).from(table))[0]!.value;

  it("seeds the 30 member units, a category tree and one demo account per role, exactly once", async () => {
    database = await openTestDatabase(engine);
    expect((await seedOnFirstStart(database, clock, { withDemoAccounts: true })).ran).toEqual(["seed.initial", "seed.time-limits-calendar-routing", "seed.supervision-and-schedules"]);
    expect((await seedOnFirstStart(database, clock, { withDemoAccounts: true })).ran).toEqual([]);
    expect(await countOf(departments)).toBe(30);
    expect(await countOf(categories)).toBeGreaterThan(10);
    expect(await countOf(users)).toBe(STAFF_ROLES.length);
    const roles = (await database.db.select({ role: userRoles.role }).from(userRoles)).map((r) => r.role).sort();
    expect(roles).toEqual([...STAFF_ROLES].sort());
  });

  it("creates no demo accounts in production", async () => {
    database = await openTestDatabase(engine);
    await seedOnFirstStart(database, clock, { withDemoAccounts: false });
    expect(await countOf(departments)).toBe(30);
    expect(await countOf(users)).toBe(0);
  });
});
