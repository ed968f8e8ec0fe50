import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications } from "~/db/schema";
import type { DomainError } from "~/domain/errors";
import { createStaffUser } from "~/domain/staff/users";
import type { StaffRole } from "~/domain/staff/roles";
import type { TicketActor } from "~/domain/tickets/access";
import type { TicketContext } from "~/domain/tickets/run-action";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { ticketWorld } from "~/tests/helpers/tickets";
import * as actions from "../tickets/actions";
import { issueNotice, respondToNotice } from "./notices";

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string }> {
  const error = (await promise.then(
    () => null,
    (e: unknown) => e,
  )) as DomainError | null;
  if (!error) throw new Error("expected a refusal");
  return { status: error.status, code: error.code };
}

describe.each(testEngines)("supervision notices issued by hand and answered on %s", (engine) => {
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof ticketWorld>>;
  /** Actors backed by real users, since records and notifications name them. */
  let staff: Record<"supervisor" | "dispatcher" | "handlerA" | "leadA" | "handlerB", TicketActor>;
  const as = (who: keyof typeof staff): TicketContext => ({ db: database.db, clock: world.clock, actor: staff[who] });
  const notificationsOf = async (userId: string | null) => database.db.select().from(notifications).where(eq(notifications.userId, userId!));

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    world = await ticketWorld(database, new Date("2026-03-02T09:00:00+08:00"));
    const user = async (username: string, roles: StaffRole[], departmentId: number | null): Promise<TicketActor> => {
      const created = await createStaffUser(world.as("administrator"), { username, displayName: username, password: "notice-test-password-1", roles, departmentId });
      return { id: created.id, label: username, ip: null, roles, departmentId };
    };
    staff = {
      supervisor: await user("n-supervisor", ["supervisor"], null),
      dispatcher: await user("n-dispatcher", ["dispatcher"], null),
      handlerA: await user("n-handler-a", ["department_handler"], world.deptA),
      leadA: await user("n-lead-a", ["department_lead"], world.deptA),
      handlerB: await user("n-handler-b", ["department_handler"], world.deptB),
    };
  });
  afterAll(() => database.dispose());

  async function dispatchedTicket() {
    const ticket = await world.complaint();
    return actions.dispatchTicket(world.as("dispatcher"), ticket.id, { leadDepartmentId: world.deptA });
  }

  it("issues a 督办 addressed to the lead department's lead, about the running deadline, and notifies them", async () => {
    const ticket = await dispatchedTicket();
    const record = await issueNotice(as("supervisor"), { ticketId: ticket.id, level: "supervise", notice: "", requiresResponse: true });
    // Signing is the earliest running deadline after dispatch.
    expect(record).toMatchObject({
      ticketId: ticket.id,
      kind: "sign",
      dueAt: ticket.signDueAt,
      level: "supervise",
      addressee: "department_lead",
      departmentId: world.deptA,
      issuedBy: staff.supervisor.id,
      requiresResponse: true,
      response: null,
    });
    expect(record.notice).toContain(ticket.number);
    expect(record.notice).toContain("签收");
    const leadNotes = await notificationsOf(staff.leadA.id);
    expect(leadNotes.map((n) => n.body)).toContain(record.notice);
    expect(leadNotes.find((n) => n.body === record.notice)!.link).toBe(`/tickets/${ticket.id}`);
    // The handler is not the addressee of a 督办.
    expect((await notificationsOf(staff.handlerA.id)).map((n) => n.body)).not.toContain(record.notice);
  });

  it("keeps the supervisor's own words when given", async () => {
    const ticket = await dispatchedTicket();
    const record = await issueNotice(as("supervisor"), { ticketId: ticket.id, level: "remind", notice: "请今天内联系市民并反馈。", requiresResponse: false });
    expect(record).toMatchObject({ notice: "请今天内联系市民并反馈。", addressee: "handler", requiresResponse: false });
    expect((await notificationsOf(staff.handlerA.id)).map((n) => n.body)).toContain("请今天内联系市民并反馈。");
  });

  it("refuses anyone but a supervisor (403), bad input (400), and closed or stopped tickets (409)", async () => {
    const ticket = await dispatchedTicket();
    const input = { ticketId: ticket.id, level: "remind" as const, notice: "", requiresResponse: false };
    expect(await refusal(issueNotice(as("leadA"), input))).toEqual({ status: 403, code: "supervision_issue_not_permitted" });
    expect(await refusal(issueNotice(as("dispatcher"), input))).toEqual({ status: 403, code: "supervision_issue_not_permitted" });
    expect(await refusal(issueNotice(as("supervisor"), { ...input, level: "warning" as never }))).toEqual({ status: 400, code: "supervision_level_invalid" });
    expect(await refusal(issueNotice(as("supervisor"), { ...input, notice: "太短" }))).toEqual({ status: 400, code: "supervision_notice_invalid" });
    expect(await refusal(issueNotice(as("supervisor"), { ...input, ticketId: 99_999_999 }))).toEqual({ status: 404, code: "ticket_not_found" });

    await actions.signTicket(world.as("handlerA"), ticket.id);
    await actions.suspendTicket(world.as("handlerA"), ticket.id, { reason: "等待市民补充材料或现场确认" });
    expect(await refusal(issueNotice(as("supervisor"), input))).toEqual({ status: 409, code: "supervision_no_running_deadline" });
    await actions.withdrawTicket(world.as("supervisor"), ticket.id, "市民撤回诉求");
    expect(await refusal(issueNotice(as("supervisor"), input))).toEqual({ status: 409, code: "supervision_ticket_closed" });
  });

  it("lets the addressed department answer once, and tells the supervisor who issued it", async () => {
    const ticket = await dispatchedTicket();
    const record = await issueNotice(as("supervisor"), { ticketId: ticket.id, level: "supervise", notice: "", requiresResponse: true });

    // Another department cannot see it at all; the supervisor sees it but answers for no department.
    expect(await refusal(respondToNotice(as("handlerB"), record.id, "越权回复督办内容"))).toEqual({ status: 404, code: "supervision_record_not_found" });
    expect(await refusal(respondToNotice(as("supervisor"), record.id, "督办员替单位回复"))).toEqual({ status: 403, code: "supervision_answer_not_permitted" });
    expect(await refusal(respondToNotice(as("dispatcher"), record.id, "派单员替单位回复"))).toEqual({ status: 404, code: "supervision_record_not_found" });
    expect(await refusal(respondToNotice(as("leadA"), record.id, "  短 "))).toEqual({ status: 400, code: "supervision_response_invalid" });

    const answered = await respondToNotice(as("handlerA"), record.id, "已于今日上门核实，计划两日内完成整改。");
    expect(answered).toMatchObject({ response: "已于今日上门核实，计划两日内完成整改。", respondedBy: staff.handlerA.id, respondedAt: world.clock.now() });
    const told = (await notificationsOf(staff.supervisor.id)).find((n) => n.link === `/supervision/records/${record.id}`);
    expect(told).toMatchObject({ title: `${ticket.number} 督办已回复`, body: "已于今日上门核实，计划两日内完成整改。" });

    expect(await refusal(respondToNotice(as("leadA"), record.id, "再次回复督办内容"))).toEqual({ status: 409, code: "supervision_already_answered" });
    const noAnswerNeeded = await issueNotice(as("supervisor"), { ticketId: ticket.id, level: "remind", notice: "", requiresResponse: false });
    expect(await refusal(respondToNotice(as("leadA"), noAnswerNeeded.id, "不需要回复的通知"))).toEqual({ status: 409, code: "supervision_response_not_required" });
  });

  it("addresses the centre for the dispatch deadline: its dispatchers answer, departments never see it", async () => {
    const ticket = await world.complaint();
    const record = await issueNotice(as("supervisor"), { ticketId: ticket.id, level: "remind", notice: "", requiresResponse: true });
    expect(record).toMatchObject({ kind: "dispatch", departmentId: null, addressee: "handler" });
    expect((await notificationsOf(staff.dispatcher.id)).map((n) => n.body)).toContain(record.notice);
    expect(await refusal(respondToNotice(as("handlerA"), record.id, "单位回复中心的通知"))).toEqual({ status: 404, code: "supervision_record_not_found" });
    const answered = await respondToNotice(as("dispatcher"), record.id, "已核实分类，今日内派单。");
    expect(answered.respondedBy).toBe(staff.dispatcher.id);
  });
});
