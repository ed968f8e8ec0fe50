import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobWatermarks, tickets } from "~/db/schema";
import { readAdminDataVersion } from "~/domain/admin-data/cached";
import { manualClock } from "~/domain/clock";
import { putSetting } from "~/domain/settings";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { ticketWorld } from "~/tests/helpers/tickets";
import { DEFAULT_STATS_DEFINITIONS, STATS_DEFINITIONS_SETTING } from "./definitions";
import { drillDown } from "./drill-down";
import { departmentRanking, ratesByDay, ratesOf } from "./rates";
import { rollUpDepartmentStats } from "./rollup";

describe("rates from counts", () => {
  const empty = { received: 0, signed: 0, signedOnTime: 0, replied: 0, repliedOnTime: 0, resolvedAnswered: 0, resolvedYes: 0, rated: [0, 0, 0, 0, 0], defaulted: [0, 0, 0, 0, 0], reworked: 0, reworkRounds: 0 };
  it("are absent, not zero, when nothing was counted", () => {
    expect(ratesOf(empty, DEFAULT_STATS_DEFINITIONS)).toEqual({ response: null, resolution: null, satisfaction: null, onTime: null, score: null });
  });
  it("weigh only the rates present in the score", () => {
    const rates = ratesOf({ ...empty, signed: 4, signedOnTime: 1 }, { ...DEFAULT_STATS_DEFINITIONS, weights: { response: 2, resolution: 1, satisfaction: 1 } });
    expect(rates.score).toBe(0.25);
  });
});

/**
 * A hand-built fixture whose rates were worked out by hand (in the comments), against the rollup
 * and the ranking read from it.
 */
describe.each(testEngines)("department rates on %s", (engine) => {
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof ticketWorld>>;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    world = await ticketWorld(database, new Date("2026-11-10T09:00:00+08:00"));
    let seq = 0;
    const ticket = (department: number, createdAt: string, facts: Partial<typeof tickets.$inferInsert>) => ({
      number: `STATS-${++seq}`,
      queryCode: "000000",
      channel: "phone" as const,
      requestType: "complaint" as const,
      title: `统计样例 ${seq}`,
      description: "统计样例",
      state: "revisited" as const,
      leadDepartmentId: department,
      createdAt: new Date(createdAt),
      updatedAt: new Date("2026-11-10T08:00:00+08:00"),
      ...facts,
    });
    const { deptA: a, deptB: b } = world;
    await database.db.insert(tickets).values([
      // Department A, 2 November.
      ticket(a, "2026-11-02T09:00:00+08:00", { signedLate: false, repliedLate: false, finalRating: 5, ratingDefaulted: false, resolved: true }),
      ticket(a, "2026-11-02T10:00:00+08:00", { signedLate: true, repliedLate: false, finalRating: 2, ratingDefaulted: false, resolved: false, round: 1 }),
      ticket(a, "2026-11-02T11:00:00+08:00", { signedLate: false, repliedLate: true, finalRating: 3, ratingDefaulted: true }),
      ticket(a, "2026-11-02T00:05:00+08:00", { state: "dispatched" }),
      // Department A, 3 November, just before local midnight (still the 3rd in China).
      ticket(a, "2026-11-03T23:30:00+08:00", { signedLate: false, repliedLate: false, finalRating: 5, ratingDefaulted: false, resolved: true }),
      // Department A, 4 November local time: outside the period.
      ticket(a, "2026-11-04T00:10:00+08:00", { signedLate: true, repliedLate: true, finalRating: 1, ratingDefaulted: false, resolved: false }),
      // Department B, 2 November.
      ticket(b, "2026-11-02T14:00:00+08:00", { signedLate: false, repliedLate: false, finalRating: 4, ratingDefaulted: false, resolved: true }),
      ticket(b, "2026-11-02T15:00:00+08:00", { signedLate: false, repliedLate: true, finalRating: 1, ratingDefaulted: false, resolved: false, round: 2 }),
    ]);
    await rollUpDepartmentStats({ db: database.db, clock: manualClock(new Date("2026-11-10T09:00:00+08:00")) });
  });
  afterAll(() => database.dispose());

  const period = { from: "2026-11-02", to: "2026-11-03" };

  it("match the hand-computed values exactly", async () => {
    const { rows } = await departmentRanking(database.db, period);
    const [first, second] = rows;
    // A: signed 4, on time 3 → 3/4; replied 4, on time 3 → 3/4; resolved answered 3, yes 2 → 2/3;
    // ratings 5, 2, 3 (defaulted), 5 → satisfied 3 of 4; score (3/4 + 2/3 + 3/4) / 3 = 13/18.
    expect(first).toMatchObject({ departmentId: world.deptA, rank: 1, received: 5, reworked: 1, reworkRounds: 1 });
    expect(first!.rates).toEqual({ response: 3 / 4, resolution: 2 / 3, satisfaction: 3 / 4, onTime: 3 / 4, score: (3 / 4 + 2 / 3 + 3 / 4) / 3 });
    // B: signed 2 on time 2 → 1; replied 2, on time 1 → 1/2; resolved 1 of 2; ratings 4, 1 → 1/2;
    // score (1 + 1/2 + 1/2) / 3 = 2/3.
    expect(second).toMatchObject({ departmentId: world.deptB, rank: 2, received: 2, reworked: 1, reworkRounds: 2 });
    expect(second!.rates).toEqual({ response: 1, resolution: 1 / 2, satisfaction: 1 / 2, onTime: 1 / 2, score: 2 / 3 });
    expect(rows).toHaveLength(2);
  });

  it("follow a changed definition without recomputation", async () => {
    await putSetting(database.db, STATS_DEFINITIONS_SETTING, { ...DEFAULT_STATS_DEFINITIONS, includeDefaulted: false, satisfiedLevels: [5, 4] }, world.clock.now());
    try {
      const { rows } = await departmentRanking(database.db, period, world.deptA);
      // Without the defaulted 3: ratings 5, 2, 5 → 2 of 3.
      expect(rows.map((r) => r.rates.satisfaction)).toEqual([2 / 3]);
    } finally {
      await putSetting(database.db, STATS_DEFINITIONS_SETTING, DEFAULT_STATS_DEFINITIONS, world.clock.now());
    }
  });

  it("give day-by-day figures for the trend, by local day", async () => {
    const { rows } = await ratesByDay(database.db, { from: "2026-11-01", to: "2026-11-30" }, world.deptA);
    expect(rows.map((r) => [r.day, r.received])).toEqual([
      ["2026-11-02", 4],
      ["2026-11-03", 1],
      ["2026-11-04", 1],
    ]);
  });

  it("drill down to exactly the tickets behind a number", async () => {
    const viewer = world.actors.supervisor;
    const base = { departmentId: world.deptA, period, page: 1, definitions: DEFAULT_STATS_DEFINITIONS };
    const late = await drillDown(database.db, viewer, { ...base, measure: "signed_late" });
    expect(late.rows.map((t) => t.number)).toEqual(["STATS-2"]);
    const unhappy = await drillDown(database.db, viewer, { ...base, measure: "dissatisfied" });
    expect(unhappy.total).toBe(1);
    expect((await drillDown(database.db, viewer, { ...base, measure: "received" })).total).toBe(5);
    // Another department's staff see nothing of A's tickets.
    expect((await drillDown(database.db, world.actors.handlerB, { ...base, measure: "received" })).total).toBe(0);
  });
});

describe.each(testEngines)("the roll-up's watermark on %s", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.dispose());

  const version = () => readAdminDataVersion(database.db);
  const receivedOn = async (department: number, day: string) => (await ratesByDay(database.db, { from: day, to: day }, department)).rows[0]?.received ?? 0;

  it("is kept apart from the administrators' data, and later runs read only what changed since", async () => {
    const world = await ticketWorld(database, new Date("2026-11-20T09:00:00+08:00"));
    const base = { queryCode: "000000", channel: "phone" as const, requestType: "complaint" as const, description: "统计样例", state: "dispatched" as const, leadDepartmentId: world.deptA };
    await database.db.insert(tickets).values({ ...base, number: "MARK-1", title: "水位线 1", createdAt: new Date("2026-11-18T10:00:00+08:00"), updatedAt: new Date("2026-11-20T08:00:00+08:00") });

    const before = await version();
    await rollUpDepartmentStats({ db: database.db, clock: manualClock(new Date("2026-11-20T09:00:00+08:00")) });
    // A watermark written to settings told every process its cached rules had changed.
    expect(await version()).toBe(before);
    expect(await database.db.select().from(jobWatermarks)).toEqual([{ job: "stats.rollup", at: new Date("2026-11-20T09:00:00+08:00") }]);
    expect(await receivedOn(world.deptA, "2026-11-18")).toBe(1);

    // Changed before the watermark (less its overlap): an incremental run does not look at it,
    // a full one does; changed after it: the next incremental run picks it up.
    await database.db.insert(tickets).values({ ...base, number: "MARK-2", title: "水位线 2", createdAt: new Date("2026-11-18T11:00:00+08:00"), updatedAt: new Date("2026-11-20T07:00:00+08:00") });
    await rollUpDepartmentStats({ db: database.db, clock: manualClock(new Date("2026-11-20T10:00:00+08:00")) });
    expect(await receivedOn(world.deptA, "2026-11-18")).toBe(1);
    await database.db.insert(tickets).values({ ...base, number: "MARK-3", title: "水位线 3", createdAt: new Date("2026-11-18T12:00:00+08:00"), updatedAt: new Date("2026-11-20T10:30:00+08:00") });
    await rollUpDepartmentStats({ db: database.db, clock: manualClock(new Date("2026-11-20T11:00:00+08:00")) });
    expect(await receivedOn(world.deptA, "2026-11-18")).toBe(3);
    expect(await version()).toBe(before);
  });
});
