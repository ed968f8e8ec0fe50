import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ticketEvents } from "~/db/schema";
import { loadWorkingCalendar } from "~/domain/calendar/calendar-store";
import { addWorkingDays, workingMinutesBetween } from "~/domain/calendar/working-calendar";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { ticketWorld } from "~/tests/helpers/tickets";
import * as actions from "./actions";
import { createTicket } from "./create-ticket";

const at = (iso: string) => new Date(iso);

describe.each(testEngines)("deadlines, numbers and concurrency on %s", (engine) => {
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof ticketWorld>>;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    // Friday afternoon before the Mid-Autumn holiday; Sunday 20 September is a make-up workday.
    world = await ticketWorld(database, at("2026-09-18T15:00:00+08:00"));
  });
  afterAll(() => database.dispose());

  it("sets deadlines from the rules on the holiday calendar", async () => {
    world.clock.set(at("2026-09-18T15:00:00+08:00"));
    const ticket = await world.complaint();
    expect(ticket.number).toMatch(/^20260918\d{5}$/);
    expect(ticket.queryCode).toMatch(/^\d{6}$/);
    // Dispatch within 24 clock hours.
    expect(ticket.dispatchDueAt).toEqual(at("2026-09-19T15:00:00+08:00"));
    const dispatched = await actions.dispatchTicket(world.as("dispatcher"), ticket.id, { leadDepartmentId: world.deptA });
    expect(dispatched.dispatchDueAt).toBeNull();
    // Sign within 4 working hours: 2.5 h on Friday, then 1.5 h on the make-up Sunday.
    expect(dispatched.signDueAt).toEqual(at("2026-09-20T10:30:00+08:00"));
    // A complaint is handled within 7 working days: 20, 21, 22, 23, 24, (25–27 off) 28, 29.
    expect(dispatched.handleDueAt).toEqual(at("2026-09-29T17:30:00+08:00"));
  });

  it("gives emergencies clock-hour limits whatever their type", async () => {
    world.clock.set(at("2026-10-02T03:00:00+08:00"));
    const ticket = await world.complaint({ urgency: "emergency" });
    expect(ticket.dispatchDueAt).toEqual(at("2026-10-02T04:00:00+08:00"));
  });

  it("stops the clock while suspended and gives back exactly the time that was left", async () => {
    world.clock.set(at("2026-09-21T10:00:00+08:00"));
    const ticket = await world.complaint();
    await actions.dispatchTicket(world.as("dispatcher"), ticket.id, { leadDepartmentId: world.deptA });
    const signed = await actions.signTicket(world.as("handlerA"), ticket.id);
    const calendar = await loadWorkingCalendar(database.db);
    world.clock.set(at("2026-09-22T14:00:00+08:00"));
    const left = workingMinutesBetween(calendar, world.clock.now(), signed.handleDueAt!);
    const suspended = await actions.suspendTicket(world.as("handlerA"), ticket.id, { reason: actions.DEFAULT_SUSPEND_REASONS[0]! });
    expect(suspended).toMatchObject({ state: "suspended", handleDueAt: null, pausedRemainingMinutes: left });
    world.clock.set(at("2026-10-09T09:30:00+08:00"));
    const resumed = await actions.resumeTicket(world.as("handlerA"), ticket.id);
    expect(resumed.state).toBe("in_progress");
    expect(workingMinutesBetween(calendar, world.clock.now(), resumed.handleDueAt!)).toBe(left);
  });

  it("moves the handling deadline by the approved working days", async () => {
    world.clock.set(at("2026-09-21T10:00:00+08:00"));
    const ticket = await world.complaint();
    await actions.dispatchTicket(world.as("dispatcher"), ticket.id, { leadDepartmentId: world.deptA });
    const signed = await actions.signTicket(world.as("handlerA"), ticket.id);
    await actions.requestExtension(world.as("handlerA"), ticket.id, { workingDays: 3, reason: "需要第三方检测" });
    const approved = await actions.approveExtension(world.as("supervisor"), ticket.id, "同意");
    const calendar = await loadWorkingCalendar(database.db);
    expect(approved.handleDueAt).toEqual(addWorkingDays(calendar, signed.handleDueAt!, 3));
  });

  it("counts an action's deadlines on the calendar as it is now, however it was changed", async () => {
    world.clock.set(at("2026-09-18T15:00:00+08:00"));
    const dispatchedNow = async () => {
      const ticket = await world.complaint();
      return (await actions.dispatchTicket(world.as("dispatcher"), ticket.id, { leadDepartmentId: world.deptA })).handleDueAt;
    };
    expect(await dispatchedNow()).toEqual(at("2026-09-29T17:30:00+08:00"));
    // Written behind the process's back, as another process or an operator in psql would.
    await database.db.execute(sql`insert into calendar_days (day, kind, name) values ('2026-09-28', 'holiday', '测试假日')`);
    try {
      // 20, 21, 22, 23, 24, (25–28 off) 29, 30.
      expect(await dispatchedNow()).toEqual(at("2026-09-30T17:30:00+08:00"));
    } finally {
      await database.db.execute(sql`delete from calendar_days where day = '2026-09-28'`);
    }
    expect(await dispatchedNow()).toEqual(at("2026-09-29T17:30:00+08:00"));
  });

  it("gives 50 concurrent intakes 50 distinct numbers", async () => {
    world.clock.set(at("2026-11-24T10:00:00+08:00"));
    const created = await Promise.all(Array.from({ length: 50 }, (_, i) => world.complaint({ title: `并发受理 ${i}` })));
    const numbers = new Set(created.map((t) => t.number));
    expect(numbers.size).toBe(50);
    expect([...numbers].sort()[0]).toBe("2026112400001");
  });

  it("lets one of two dispatchers acting at once win; the other gets 409 and only one event is written", async () => {
    const ticket = await world.complaint();
    const results = await Promise.allSettled([
      actions.dispatchTicket(world.as("dispatcher"), ticket.id, { leadDepartmentId: world.deptA }),
      actions.dispatchTicket(world.as("dispatcher"), ticket.id, { leadDepartmentId: world.deptB }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ status: 409, code: "transition_not_allowed" });
    const events = await database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
    expect(events.filter((e) => e.action === "dispatch")).toHaveLength(1);
  });

  it("closes a consultation answered on the spot (直接办结) without dispatch", async () => {
    const ticket = await createTicket(world.as("operator"), {
      channel: "phone",
      requestType: "consultation",
      title: "居住证办理材料",
      description: "咨询居住证需要哪些材料。",
      citizenPhone: "13900002222",
      directAnswer: "携带身份证和居住证明到户籍窗口办理。",
    });
    expect(ticket).toMatchObject({ state: "closed", dispatchDueAt: null });
    await expect(
      createTicket(world.as("operator"), { channel: "phone", requestType: "complaint", title: "投诉", description: "投诉内容五个字", citizenPhone: "13900002222", directAnswer: "不行" }),
    ).rejects.toMatchObject({ code: "direct_answer_only_for_consultation", status: 400 });
  });

  it("keeps a reporter confidential and an anonymous citizen without identity", async () => {
    const report = await world.complaint({ requestType: "report" });
    expect(report.confidential).toBe(true);
    const anonymous = await world.complaint({ anonymous: true, citizenPhone: "13811112222", citizenName: "某人" });
    expect(anonymous).toMatchObject({ citizenName: null, citizenPhone: null });
    await expect(world.complaint({ citizenPhone: null })).rejects.toMatchObject({ code: "citizen_phone_required" });
  });

  it("lets citizens create only through self-service channels", async () => {
    const input = { requestType: "complaint" as const, title: "网上投诉", description: "网上提交的投诉内容", citizenPhone: "13800009999" };
    await expect(createTicket(world.as("citizen"), { ...input, channel: "web" })).resolves.toMatchObject({ channel: "web" });
    await expect(createTicket(world.as("citizen"), { ...input, channel: "phone" })).rejects.toMatchObject({ status: 403 });
    await expect(createTicket(world.as("handlerA"), { ...input, channel: "phone" })).rejects.toMatchObject({ status: 403 });
  });

  it("records whether the dispatcher followed the routing suggestion", async () => {
    const categoryId = (await database.db.query.categories.findFirst({ where: (c, { eq }) => eq(c.code, "0103") }))!.id;
    const ticket = await world.complaint({ categoryId });
    await actions.dispatchTicket(world.as("dispatcher"), ticket.id, { leadDepartmentId: world.deptB });
    const [event] = await database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id)).orderBy(ticketEvents.id).offset(1);
    expect(event!.data).toMatchObject({ suggestedDepartmentId: world.deptA, overridden: true });
  });
});
