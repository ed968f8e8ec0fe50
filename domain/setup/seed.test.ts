import { count, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { articles, categories, departmentDailyStats, departments, ratings, rectifications, supervisionRecords, synonymGroups, tickets, userRoles, users } from "~/db/schema";
import { manualClock } from "~/domain/clock";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { listOverdueReviews } from "~/domain/knowledge/articles";
import { reviewToday } from "~/domain/knowledge/review-dates";
import { createPostgresBackend } from "~/search/postgres/backend";
import { postgresArticleIndexer } from "~/search/postgres/index-writer";
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
    expect((await seedOnFirstStart(database, clock, { withDemoAccounts: true })).ran).toEqual([
      "seed.initial",
      "seed.time-limits-calendar-routing",
      "seed.supervision-and-schedules",
      "seed.demo-tickets",
      "seed.demo-knowledge",
    ]);
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

describe("demo knowledge base", () => {
  it("is written through the commands and searchable: public answers for citizens, the operators' script for staff only", async () => {
    const database = await openTestDatabase("pglite");
    try {
      const clock = manualClock(new Date("2026-11-24T10:00:00+08:00"));
      const demo = { withDemoAccounts: true, withDemoTickets: true, articleIndexer: postgresArticleIndexer };
      expect((await seedOnFirstStart(database, clock, demo)).ran).toContain("seed.demo-knowledge");
      const search = createPostgresBackend(database.db);
      const titles = async (q: string, audience: "public" | "staff") => (await search.search({ q, audience })).hits.map((h) => h.title);

      // 噪音 is not in the article; the demo's synonym group 噪音 = 噪声 = 扰民 finds it.
      expect((await titles("噪音", "public"))[0]).toBe("夜间施工噪声扰民怎么办？");
      expect((await titles("居住证要带什么材料", "public"))[0]).toBe("居住证申领");
      // The operators' script is internal: staff find it, citizens never do.
      const script = "话务员答复口径：不属于热线受理范围的诉求";
      expect(await titles("不属于受理范围 答复口径", "staff")).toContain(script);
      expect(await titles("不属于受理范围 答复口径", "public")).not.toContain(script);
      // A unit's article waiting for review is not published yet.
      const inReview = await database.db.select({ title: articles.title }).from(articles).where(eq(articles.status, "in_review"));
      expect(inReview.map((a) => a.title)).toEqual(["共享单车乱停放如何处理？"]);
      expect(await titles("共享单车乱停放", "public")).not.toContain("共享单车乱停放如何处理？");
      // The demo handler's unit (区城管局) has an article due for review (需复核).
      const [cgj] = await database.db.select({ id: departments.id }).from(departments).where(eq(departments.code, "CGJ"));
      const due = await listOverdueReviews(database.db, { departmentId: cgj!.id, today: reviewToday(clock.now()) });
      expect(due.map((a) => a.title)).toEqual(["路灯不亮、井盖缺失找哪个部门？"]);
      expect(await database.db.$count(synonymGroups)).toBeGreaterThan(0);

      expect((await seedOnFirstStart(database, clock, demo)).ran).toEqual([]);
      expect(await database.db.$count(articles)).toBe(11);
    } finally {
      await database.dispose();
    }
  }, 60_000);

  it("is not written without demo tickets, nor without an indexer", async () => {
    for (const options of [
      { withDemoAccounts: true, withDemoTickets: false, articleIndexer: postgresArticleIndexer },
      { withDemoAccounts: true, withDemoTickets: true },
      { withDemoAccounts: false, withDemoTickets: true, articleIndexer: postgresArticleIndexer },
    ]) {
      const database = await openTestDatabase("pglite");
      try {
        await seedOnFirstStart(database, manualClock(new Date("2026-11-24T10:00:00+08:00")), options);
        expect(await database.db.$count(articles), JSON.stringify(options)).toBe(0);
      } finally {
        await database.dispose();
      }
    }
  }, 120_000);
});
