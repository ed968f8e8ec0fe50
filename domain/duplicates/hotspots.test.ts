import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { ticketWorld } from "~/tests/helpers/tickets";
import { listHotspots } from "./hotspots";

describe.each(testEngines)("hot spots on %s", (engine) => {
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof ticketWorld>>;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    world = await ticketWorld(database);
  });
  afterAll(() => database.dispose());

  it("is empty with no repeated reports", async () => {
    await world.complaint({ title: "孩子入学咨询", description: "想了解小学划片入学。", area: "卫东区" });
    expect(await listHotspots(database.db, { now: world.clock.now(), days: 7, offset: 0, limit: 10 })).toEqual({ rows: [], total: 0, coverage: { tickets: 1, since: null } });
  });

  it("groups similar reports of one area by day, biggest first, and pages", async () => {
    await world.complaint({ title: "东风路积水", description: "东风路口下雨积水严重。", area: "新华区" });
    world.clock.advance(86_400_000);
    await world.complaint({ title: "东风路口积水", description: "东风路口积水没过脚踝。", area: "新华区" });
    await world.complaint({ title: "东风路积水严重", description: "下雨后东风路口积水无法通行。", area: "新华区" });
    await world.complaint({ title: "建设路路灯不亮", description: "建设路路灯晚上不亮。", area: "卫东区" });
    await world.complaint({ title: "建设路路灯坏了", description: "建设路路灯不亮很黑。", area: "卫东区" });
    // The same flooding text in another area is another hot spot's business, not this one's.
    await world.complaint({ title: "东风路积水", description: "东风路口下雨积水严重。", area: "石龙区" });

    const { rows, total } = await listHotspots(database.db, { now: world.clock.now(), days: 7, offset: 0, limit: 10 });
    expect(total).toBe(2);
    expect(rows.map((r) => [r.area, r.count])).toEqual([
      ["新华区", 3],
      ["卫东区", 2],
    ]);
    expect(rows[0]!.perDay).toHaveLength(7);
    expect(rows[0]!.perDay.slice(-2)).toEqual([1, 2]);
    const second = await listHotspots(database.db, { now: world.clock.now(), days: 7, offset: 1, limit: 1 });
    expect(second.rows.map((r) => r.area)).toEqual(["卫东区"]);
  });

  it("says from when it counted when the period holds more tickets than it analyses, and leaves the days before blank", async () => {
    world.clock.advance(2 * 86_400_000);
    const newest = [];
    for (const title of ["光明路井盖缺失", "光明路井盖丢了", "光明路井盖缺失危险"]) {
      newest.push(await world.complaint({ title, description: `${title}，请尽快处理。`, area: "湛河区" }));
    }
    const { rows, coverage } = await listHotspots(database.db, { now: world.clock.now(), days: 7, offset: 0, limit: 10, maxTickets: 3 });
    expect(coverage).toEqual({ tickets: 3, since: newest[0]!.createdAt });
    // Only the newest three were analysed: the earlier hot spots are not counted at all.
    expect(rows.map((r) => [r.area, r.count])).toEqual([["湛河区", 3]]);
    expect(rows[0]!.perDay.slice(0, 6)).toEqual([null, null, null, null, null, null]);
    expect(rows[0]!.perDay.at(-1)).toBe(3);
    const whole = await listHotspots(database.db, { now: world.clock.now(), days: 7, offset: 0, limit: 10 });
    expect(whole.coverage.since).toBeNull();
    expect(whole.rows.map((r) => r.area)).toEqual(["湛河区", "新华区", "卫东区"]);
    expect(whole.rows[1]!.perDay.every((c) => c !== null)).toBe(true);
  });
});
