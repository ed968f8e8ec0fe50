import { count } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { categories, departmentDailyStats, departments, ratings, rectifications, supervisionRecords, tickets, userRoles, users } from "~/db/schema";
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
    expect((await seedOnFirstStart(database, clock, { withDemoAccounts: true })).ran).toEqual(["seed.initial", "seed.time-limits-calendar-routing", "seed.supervision-and-schedules", "seed.demo-tickets"]);
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

describe("demo tickets", () => {
  it("fill every stage, the supervision records and the statistics of a new demo database, once", async () => {
    const database = await openTestDatabase("pglite");
    try {
      const clock = manualClock(new Date("2026-11-24T10:00:00+08:00"));
      await seedOnFirstStart(database, clock, { withDemoAccounts: true, withDemoTickets: true });
      const states = new Set((await database.db.select({ state: tickets.state }).from(tickets)).map((t) => t.state));
      for (const state of ["accepted", "dispatched", "signed", "replied", "revisited"] as const) expect(states, state).toContain(state);
      expect(await database.db.$count(tickets)).toBe(36);
      expect(await database.db.$count(ratings)).toBeGreaterThan(5);
      expect(await database.db.$count(rectifications)).toBeGreaterThan(0);
      // Overdue tickets were swept into warnings and notices, and the ranking has figures.
      expect(await database.db.$count(supervisionRecords)).toBeGreaterThan(0);
      expect(await database.db.$count(departmentDailyStats)).toBeGreaterThan(0);
      expect((await seedOnFirstStart(database, clock, { withDemoAccounts: true, withDemoTickets: true })).ran).toEqual([]);
      expect(await database.db.$count(tickets)).toBe(36);
    } finally {
      await database.dispose();
    }
  }, 60_000);
});
