import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "~/domain/audit";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { queryRows } from "./client";
import { migrateDatabase } from "./migrate";

describe.each(testEngines)("migrations on %s", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.dispose());

  it("are idempotent: applying them again changes nothing", async () => {
    const before = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    await migrateDatabase(database);
    const after = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    expect(after).toEqual(before);
    expect(before[0]!.n).toBeGreaterThanOrEqual(2);
  });

  it("build the search GIN indexes without a pending list (PGlite never vacuums one away)", async () => {
    const rows = await queryRows<{ name: string; options: string[] | null }>(
      database.db,
      sql`select c.relname as name, c.reloptions as options from pg_class c join pg_index i on i.indexrelid = c.oid
          join pg_am am on am.oid = c.relam where am.amname = 'gin' and c.relname not like 'tickets_%' order by c.relname`,
    );
    // Tickets' trigram indexes keep the pending list: intake writes thousands a second, which it batches.
    expect(rows.map((r) => r.name)).toEqual(["articles_search_title_trgm_idx", "articles_search_vector_idx", "synonym_groups_terms_idx"]);
    for (const row of rows) expect(row.options, row.name).toContain("fastupdate=false");
  });

  it("make the audit log append-only", async () => {
    await recordAudit(database.db, { action: "auth.sign_in", actor: { id: null, label: "x", ip: null }, at: new Date() });
    for (const statement of [sql`update audit_log set actor_label = 'forged'`, sql`delete from audit_log`, sql`truncate audit_log`]) {
      const error = await database.db.execute(statement).then(() => null, (e: Error) => e);
      // drizzle wraps the driver error; the trigger's message is in the cause.
      expect(String((error?.cause as Error | undefined)?.message)).toMatch(/append-only/);
    }
    const rows = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_log`);
    expect(rows[0]!.n).toBe(1);
  });
});
