import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaffUser } from "~/domain/staff/users";
import type { StaffRole } from "~/domain/staff/roles";
import type { TicketActor } from "~/domain/tickets/access";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { ticketWorld } from "~/tests/helpers/tickets";
import * as actions from "../tickets/actions";
import {
  countOpenTickets,
  dashboardScopeOf,
  getSupervisionRecord,
  listDeadlines,
  listSupervisionRecords,
  overdueRateTrend,
  TREND_DAYS,
} from "./dashboard";
import { issueNotice, respondToNotice } from "./notices";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(testEngines)("supervision dashboard queries on %s", (engine) => {
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof ticketWorld>>;
  let supervisor: TicketActor;
  let leadA: TicketActor;
  let leadB: TicketActor;
  const page1 = { offset: 0, limit: 20 };

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    world = await ticketWorld(database, new Date("2026-04-01T09:00:00+08:00"));
    const user = async (username: string, roles: StaffRole[], departmentId: number | null): Promise<TicketActor> => {
      const created = await createStaffUser(world.as("administrator"), { username, displayName: username, password: "dash-test-password-1", roles, departmentId });
      return { id: created.id, label: username, ip: null, roles, departmentId };
    };
    supervisor = await user("d-supervisor", ["supervisor"], null);
    leadA = await user("d-lead-a", ["department_lead"], world.deptA);
    leadB = await user("d-lead-b", ["department_lead"], world.deptB);
  });
  afterAll(() => database.dispose());

  const ctx = (actor: TicketActor) => ({ db: database.db, clock: world.clock, actor });

  it("scopes supervisors to the centre and a unit's staff to their unit; refuses others", () => {
    expect(dashboardScopeOf(supervisor)).toEqual({ departmentId: null });
    expect(dashboardScopeOf(leadA)).toEqual({ departmentId: world.deptA });
    expect(() => dashboardScopeOf(world.actors.operator)).toThrow("action_not_permitted");
  });

  it("counts open tickets by state and department, lists due-soon and overdue deadlines, and the trend", async () => {
    const start = world.clock.now();
    const accepted = await world.complaint({ title: "仍待派单" });
    const inA = await world.complaint({ title: "城管主办" });
    await actions.dispatchTicket(world.as("dispatcher"), inA.id, { leadDepartmentId: world.deptA });
    const inB = await world.complaint({ title: "住建主办" });
    await actions.dispatchTicket(world.as("dispatcher"), inB.id, { leadDepartmentId: world.deptB });
    const closed = await world.complaint({ title: "已撤销" });
    await actions.withdrawTicket(world.as("operator"), closed.id, "市民撤回");

    const centre = await countOpenTickets(database.db, { departmentId: null });
    expect(centre.total).toBe(3);
    expect(centre.byState.find((s) => s.state === "accepted")!.count).toBe(1);
    expect(centre.byState.find((s) => s.state === "dispatched")!.count).toBe(2);
    expect(centre.byState.some((s) => s.state === "withdrawn")).toBe(false);
    expect(centre.byDepartment.map((d) => [d.departmentId, d.count]).sort()).toEqual([[null, 1], [world.deptA, 1], [world.deptB, 1]].sort());
    const unitA = await countOpenTickets(database.db, { departmentId: world.deptA });
    expect(unitA.total).toBe(1);
    expect(unitA.byDepartment).toEqual([expect.objectContaining({ departmentId: world.deptA, count: 1 })]);

    // Due soon: the sign-for deadlines (a few working hours) fall within the next day.
    const soon = await listDeadlines(database.db, { departmentId: null }, { which: "dueSoon", now: start, hours: 24, page: 1 });
    expect(soon.rows.filter((r) => r.kind === "sign").map((r) => r.ticketId).sort()).toEqual([inA.id, inB.id].sort());
    const soonA = await listDeadlines(database.db, { departmentId: world.deptA }, { which: "dueSoon", now: start, hours: 24, page: 1 });
    expect(soonA.rows.map((r) => r.ticketId)).toEqual([inA.id]);
    expect(soonA.rows.every((r) => r.kind !== "dispatch")).toBe(true);

    // Two days on, the dispatch deadline (24 h) and both sign-for deadlines are past.
    const later = new Date(start.getTime() + 2 * DAY);
    const overdue = await listDeadlines(database.db, { departmentId: null }, { which: "overdue", now: later, hours: 24, page: 1 });
    expect(overdue.rows.map((r) => [r.ticketId, r.kind])).toEqual(
      expect.arrayContaining([
        [accepted.id, "dispatch"],
        [inA.id, "sign"],
        [inB.id, "sign"],
      ]),
    );
    expect(overdue.rows.map((r) => r.dueAt.getTime())).toEqual([...overdue.rows.map((r) => r.dueAt.getTime())].sort((a, b) => a - b));
    const overdueB = await listDeadlines(database.db, { departmentId: world.deptB }, { which: "overdue", now: later, hours: 24, page: 1 });
    expect(overdueB.rows.map((r) => r.ticketId)).toEqual([inB.id]);
    expect(overdueB.total).toBe(1);

    // Replies: A on time today; B after its handling deadline three weeks on.
    await actions.signTicket(world.as("handlerA"), inA.id);
    await actions.replyTicket(world.as("handlerA"), inA.id, "已处理完毕并答复市民。");
    world.clock.set(new Date(start.getTime() + 21 * DAY));
    const signedB = await actions.signTicket(world.as("handlerB"), inB.id);
    expect(signedB.handleDueAt!.getTime()).toBeLessThan(world.clock.now().getTime() + 30 * DAY);
    world.clock.set(new Date(signedB.handleDueAt!.getTime() + DAY));
    await actions.replyTicket(world.as("handlerB"), inB.id, "已协调施工单位整改。");
    const now = world.clock.now();

    const trend = await overdueRateTrend(database.db, { departmentId: null }, now);
    expect(trend).toHaveLength(TREND_DAYS);
    const localDay = (at: Date) => new Date(at.getTime() + 8 * HOUR).toISOString().slice(0, 10);
    expect(trend.at(-1)).toEqual({ day: localDay(now), replies: 1, late: 1, rate: 1 });
    // Every other day in the window had no reply, except A's on-time one if it still falls inside.
    for (const point of trend.slice(0, -1)) {
      expect(point, point.day).toEqual(point.day === localDay(start) ? { day: point.day, replies: 1, late: 0, rate: 0 } : { day: point.day, replies: 0, late: 0, rate: null });
    }
    // Finished days are kept from the first read; today's replies are read every time.
    const other = await world.complaint({ title: "趋势当天第二条答复" });
    await actions.dispatchTicket(world.as("dispatcher"), other.id, { leadDepartmentId: world.deptA });
    await actions.signTicket(world.as("handlerA"), other.id);
    await actions.replyTicket(world.as("handlerA"), other.id, "已当天处理完毕。");
    const again = await overdueRateTrend(database.db, { departmentId: null }, now);
    expect(again.at(-1)).toEqual({ day: localDay(now), replies: 2, late: 1, rate: 0.5 });
    expect(again.slice(0, -1)).toEqual(trend.slice(0, -1));
    const trendA = await overdueRateTrend(database.db, { departmentId: world.deptA }, now);
    // A unit's trend counts its own replies only: B's late one is not A's.
    expect(trendA.every((p) => p.late === 0)).toBe(true);
    expect(trendA.at(-1)!.replies).toBe(1);
    // Looking back from the day after A's reply, that reply counts, on time.
    const backThen = await overdueRateTrend(database.db, { departmentId: null }, new Date(start.getTime() + DAY));
    expect(backThen.find((p) => p.day === localDay(start))).toEqual({ day: localDay(start), replies: 1, late: 0, rate: 0 });
  });

  it("lists supervision records with response status, filtered and scoped to the unit", async () => {
    const inA = await world.complaint({ title: "督办记录 A" });
    await actions.dispatchTicket(world.as("dispatcher"), inA.id, { leadDepartmentId: world.deptA });
    const inB = await world.complaint({ title: "督办记录 B" });
    await actions.dispatchTicket(world.as("dispatcher"), inB.id, { leadDepartmentId: world.deptB });
    const a1 = await issueNotice(ctx(supervisor), { ticketId: inA.id, level: "supervise", notice: "", requiresResponse: true });
    const a2 = await issueNotice(ctx(supervisor), { ticketId: inA.id, level: "remind", notice: "", requiresResponse: false });
    const b1 = await issueNotice(ctx(supervisor), { ticketId: inB.id, level: "supervise", notice: "", requiresResponse: true });
    await respondToNotice(ctx(leadB), b1.id, "已安排专人办理，本周内办结。");

    const all = await listSupervisionRecords(database.db, supervisor, {}, page1);
    expect(all.rows.slice(0, 3).map((r) => r.id)).toEqual([b1.id, a2.id, a1.id]);
    expect(all.rows[0]).toMatchObject({ ticketNumber: inB.number, issuedByName: "d-supervisor", respondedByName: "d-lead-b", departmentName: expect.any(String) });

    const ids = async (viewer: TicketActor, filter: Parameters<typeof listSupervisionRecords>[2]) =>
      (await listSupervisionRecords(database.db, viewer, filter, page1)).rows.map((r) => r.id);
    expect(await ids(supervisor, { response: "awaiting" })).toEqual([a1.id]);
    expect(await ids(supervisor, { response: "answered" })).toEqual([b1.id]);
    expect(await ids(supervisor, { response: "not_required" })).toEqual([a2.id]);
    expect(await ids(supervisor, { level: "remind" })).toEqual([a2.id]);
    expect(await ids(supervisor, { departmentId: world.deptB })).toEqual([b1.id]);
    expect(await ids(supervisor, { ticketId: inA.id })).toEqual([a2.id, a1.id]);

    // A unit sees only what was addressed to it, whatever the filter says.
    expect(await ids(leadA, {})).toEqual([a2.id, a1.id]);
    expect(await ids(leadA, { departmentId: world.deptB })).toEqual([]);
    await expect(getSupervisionRecord(database.db, leadA, b1.id)).rejects.toThrow("supervision_record_not_found");
    expect((await getSupervisionRecord(database.db, leadB, b1.id)).response).toBe("已安排专人办理，本周内办结。");

    const paged = await listSupervisionRecords(database.db, supervisor, {}, { offset: 1, limit: 1 });
    expect(paged.rows.map((r) => r.id)).toEqual([a2.id]);
    expect(paged.total).toBe(3);
  });
});
