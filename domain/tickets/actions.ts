import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Transaction } from "~/db/client";
import { departments, extensionRequests, ticketAssignments, tickets, timeLimitRules } from "~/db/schema";
import { addWorkingDays, addWorkingMinutes, workingMinutesBetween, workingMinutesPerDay } from "../calendar/working-calendar";
import { parseInput } from "../command";
import { conflict, invalidInput } from "../errors";
import { scheduleCallback } from "../ratings/callbacks";
import { getSetting } from "../settings";
import { suggestDepartment } from "./routing";
import { appendTicketEvent, type ActionInput, runTicketAction, type TicketContext } from "./run-action";
import { STATE_TYPES } from "./states";
import { dueAfter, findTimeLimitRule } from "./time-limits";

const reasonSchema = z.string().trim().min(2, "reason_required").max(1000, "reason_too_long");
const idSchema = z.number({ message: "invalid_input" }).int().positive("invalid_input");

/** The limits that apply to this ticket: the rule it was created under, or today's match. */
async function rulesFor(input: ActionInput) {
  const { tx, ticket } = input;
  if (ticket.timeLimitRuleId !== null) {
    const [rule] = await tx.select().from(timeLimitRules).where(eq(timeLimitRules.id, ticket.timeLimitRuleId));
    if (rule) return rule;
  }
  return findTimeLimitRule(tx, ticket);
}

async function assertActiveDepartments(tx: Transaction, ids: readonly number[]) {
  if (ids.length === 0) return;
  const rows = await tx.select({ id: departments.id }).from(departments).where(and(inArray(departments.id, [...ids]), eq(departments.active, true)));
  if (rows.length !== new Set(ids).size) throw invalidInput("department_invalid", "departmentId");
}

/** Replaces the ticket's assignments with one lead (主办) and any co-handlers (协办). */
async function assign(tx: Transaction, ticketId: number, leadId: number, coIds: readonly number[], at: Date) {
  await tx.delete(ticketAssignments).where(eq(ticketAssignments.ticketId, ticketId));
  await tx.insert(ticketAssignments).values([
    { ticketId, departmentId: leadId, role: "lead" as const, assignedAt: at },
    ...coIds.filter((id) => id !== leadId).map((departmentId) => ({ ticketId, departmentId, role: "co" as const, assignedAt: at })),
  ]);
}

async function startDepartmentClock(input: ActionInput) {
  const rule = await rulesFor(input);
  return {
    dispatchDueAt: null,
    signDueAt: dueAfter(input.calendar, input.now, rule.signValue, rule.signUnit),
    handleDueAt: dueAfter(input.calendar, input.now, rule.handleValue, rule.handleUnit),
    dispatchedAt: input.now,
    signedAt: null,
  };
}

export const dispatchSchema = z.object({
  leadDepartmentId: idSchema,
  coDepartmentIds: z.array(idSchema).max(10, "too_many_co_departments").default([]),
  note: z.string().trim().max(1000, "reason_too_long").nullish(),
});

/** 派单: to a lead department (and co-handlers), starting the sign-for and handling clocks. */
export async function dispatchTicket(ctx: TicketContext, ticketId: number, raw: z.input<typeof dispatchSchema>) {
  const input = parseInput(dispatchSchema, raw);
  return runTicketAction(ctx, ticketId, "dispatch", async (action) => {
    await assertActiveDepartments(action.tx, [input.leadDepartmentId, ...input.coDepartmentIds]);
    const suggested = await suggestDepartment(action.tx, action.ticket);
    await assign(action.tx, ticketId, input.leadDepartmentId, input.coDepartmentIds, action.now);
    return {
      set: { leadDepartmentId: input.leadDepartmentId, ...(await startDepartmentClock(action)) },
      reason: input.note ?? null,
      data: {
        leadDepartmentId: input.leadDepartmentId,
        coDepartmentIds: input.coDepartmentIds,
        suggestedDepartmentId: suggested,
        // Routing overrides are recorded so the rules can be improved.
        overridden: suggested !== null && suggested !== input.leadDepartmentId,
        redispatch: action.ticket.state === "returned",
      },
    };
  });
}

/** 首接负责: the dispatcher rules that the returning department keeps the ticket. */
export async function keepReturnedTicket(ctx: TicketContext, ticketId: number, reason: string) {
  const why = parseInput(reasonSchema, reason);
  return runTicketAction(ctx, ticketId, "keep", async (action) => ({
    set: await startDepartmentClock(action),
    reason: why,
    data: { leadDepartmentId: action.ticket.leadDepartmentId },
  }));
}

/** 签收 by the lead department. */
export async function signTicket(ctx: TicketContext, ticketId: number) {
  return runTicketAction(ctx, ticketId, "sign", ({ ticket, now }) => ({
    set: { signedAt: now, signDueAt: null, signedLate: late(ticket.signDueAt, now) },
  }));
}

export async function startTicket(ctx: TicketContext, ticketId: number) {
  return runTicketAction(ctx, ticketId, "start", () => ({}));
}

const replySchema = z.string().trim().min(5, "reply_invalid").max(5000, "reply_invalid");

/** Whether a deadline (if one ran) had passed at `now`. */
function late(dueAt: Date | null, now: Date): boolean {
  return dueAt !== null && dueAt < now;
}

/** 办结/答复: the lead department answers for all co-handlers; the callback (回访) is scheduled. */
export async function replyTicket(ctx: TicketContext, ticketId: number, reply: string) {
  const text = parseInput(replySchema, reply);
  return runTicketAction(ctx, ticketId, "reply", async ({ tx, ticket, now }) => {
    await scheduleCallback(tx, ticket, now);
    return {
      set: { reply: text, repliedAt: now, signDueAt: null, handleDueAt: null, repliedLate: late(ticket.handleDueAt, now) },
      // The deadline is cleared on reply; the event keeps it and whether it was met.
      data: { handleDueAt: ticket.handleDueAt?.toISOString() ?? null, late: late(ticket.handleDueAt, now) },
    };
  });
}

/** 退单: "not ours", with a reason; back to the dispatcher, whose dispatch clock starts again. */
export async function returnTicket(ctx: TicketContext, ticketId: number, reason: string) {
  const why = parseInput(reasonSchema, reason);
  return runTicketAction(ctx, ticketId, "return", async (action) => {
    const rule = await rulesFor(action);
    return {
      set: { signDueAt: null, handleDueAt: null, dispatchDueAt: dueAfter(action.calendar, action.now, rule.dispatchValue, rule.dispatchUnit) },
      reason: why,
      data: { departmentId: action.ticket.leadDepartmentId },
    };
  });
}

export const extensionSchema = z.object({
  workingDays: z.number({ message: "extension_days_invalid" }).int("extension_days_invalid").min(1, "extension_days_invalid").max(30, "extension_days_invalid"),
  reason: reasonSchema,
});

/** 延期申请: before the deadline, by the lead department; a supervisor decides. */
export async function requestExtension(ctx: TicketContext, ticketId: number, raw: z.input<typeof extensionSchema>) {
  const input = parseInput(extensionSchema, raw);
  return runTicketAction(ctx, ticketId, "request_extension", async ({ tx, ticket, now }) => {
    if (ticket.handleDueAt && ticket.handleDueAt <= now) throw conflict("extension_after_deadline");
    const [pending] = await tx.select({ id: extensionRequests.id }).from(extensionRequests).where(and(eq(extensionRequests.ticketId, ticketId), eq(extensionRequests.status, "pending")));
    if (pending) throw conflict("extension_already_pending");
    const [request] = await tx
      .insert(extensionRequests)
      .values({ ticketId, departmentId: ticket.leadDepartmentId!, workingDays: input.workingDays, reason: input.reason, requestedBy: ctx.actor.label, requestedAt: now })
      .returning({ id: extensionRequests.id });
    return { reason: input.reason, data: { extensionRequestId: request!.id, workingDays: input.workingDays } };
  });
}

async function takePendingExtension(tx: Transaction, ticketId: number) {
  const [pending] = await tx.select().from(extensionRequests).where(and(eq(extensionRequests.ticketId, ticketId), eq(extensionRequests.status, "pending")));
  if (!pending) throw conflict("no_pending_extension");
  return pending;
}

/** A supervisor grants the extension: the handling deadline moves by the days asked for. */
export async function approveExtension(ctx: TicketContext, ticketId: number, note: string | null = null) {
  return runTicketAction(ctx, ticketId, "approve_extension", async ({ tx, ticket, now, calendar }) => {
    const pending = await takePendingExtension(tx, ticketId);
    await tx.update(extensionRequests).set({ status: "approved", decidedBy: ctx.actor.label, decidedAt: now, decisionNote: note }).where(eq(extensionRequests.id, pending.id));
    // A suspended ticket has no running deadline: the extension adds to the time it has left.
    const set = ticket.state === "suspended"
      ? { pausedRemainingMinutes: (ticket.pausedRemainingMinutes ?? 0) + pending.workingDays * workingMinutesPerDay(calendar) }
      : { handleDueAt: addWorkingDays(calendar, ticket.handleDueAt ?? now, pending.workingDays) };
    return { set, reason: note, data: { extensionRequestId: pending.id, workingDays: pending.workingDays, previousDueAt: ticket.handleDueAt?.toISOString() ?? null } };
  });
}

export async function refuseExtension(ctx: TicketContext, ticketId: number, reason: string) {
  const why = parseInput(reasonSchema, reason);
  return runTicketAction(ctx, ticketId, "refuse_extension", async ({ tx, now }) => {
    const pending = await takePendingExtension(tx, ticketId);
    await tx.update(extensionRequests).set({ status: "refused", decidedBy: ctx.actor.label, decidedAt: now, decisionNote: why }).where(eq(extensionRequests.id, pending.id));
    return { reason: why, data: { extensionRequestId: pending.id } };
  });
}

export const SUSPEND_REASONS_SETTING = "tickets.suspend_reasons";
export const DEFAULT_SUSPEND_REASONS = ["等待市民补充材料或现场确认", "需第三方鉴定、检测或评估", "涉及诉讼、仲裁或行政复议程序", "不可抗力"];

/** 挂起: the clock stops, for one of the reasons the rules allow; the time left is kept. */
export async function suspendTicket(ctx: TicketContext, ticketId: number, raw: { reason: string; note?: string | null }) {
  return runTicketAction(ctx, ticketId, "suspend", async ({ tx, ticket, now, calendar }) => {
    const allowed = await getSetting(tx, SUSPEND_REASONS_SETTING, z.array(z.string()), DEFAULT_SUSPEND_REASONS);
    if (!allowed.includes(raw.reason)) throw invalidInput("suspend_reason_invalid", "reason");
    const remaining = ticket.handleDueAt ? Math.max(0, workingMinutesBetween(calendar, now, ticket.handleDueAt)) : 0;
    return {
      set: { pausedAt: now, pausedRemainingMinutes: remaining, handleDueAt: null, signDueAt: null },
      reason: raw.reason,
      data: { note: raw.note?.trim() || null, remainingWorkingMinutes: remaining },
    };
  });
}

/** 恢复: the clock runs again with the working time that was left. */
export async function resumeTicket(ctx: TicketContext, ticketId: number) {
  return runTicketAction(ctx, ticketId, "resume", ({ ticket, now, calendar }) => ({
    set: { pausedAt: null, pausedRemainingMinutes: null, handleDueAt: addWorkingMinutes(calendar, now, ticket.pausedRemainingMinutes ?? 0) },
    data: { pausedSince: ticket.pausedAt?.toISOString() ?? null },
  }));
}

const closedColumns = (now: Date) => ({ closedAt: now, dispatchDueAt: null, signDueAt: null, handleDueAt: null, pausedAt: null, pausedRemainingMinutes: null });

/** 撤销: the citizen no longer needs it. */
export async function withdrawTicket(ctx: TicketContext, ticketId: number, reason: string) {
  const why = parseInput(reasonSchema, reason);
  return runTicketAction(ctx, ticketId, "withdraw", async ({ tx, now }) => {
    await tx.update(extensionRequests).set({ status: "refused", decidedBy: ctx.actor.label, decidedAt: now, decisionNote: "工单已撤销" }).where(and(eq(extensionRequests.ticketId, ticketId), eq(extensionRequests.status, "pending")));
    return { set: { ...closedColumns(now), closingNote: why }, reason: why };
  });
}

/** 合并: a duplicate joins an open ticket; both timelines record it, and the duplicate closes. */
export async function mergeTicket(ctx: TicketContext, ticketId: number, intoTicketId: number) {
  const targetId = parseInput(idSchema, intoTicketId);
  if (targetId === ticketId) throw invalidInput("merge_into_itself", "intoTicketId");
  return runTicketAction(ctx, ticketId, "merge", async ({ tx, ticket, now }) => {
    const [target] = await tx.select().from(tickets).where(eq(tickets.id, targetId)).for("update");
    if (!target) throw invalidInput("merge_target_not_found", "intoTicketId");
    if (STATE_TYPES[target.state] === "closed") throw conflict("merge_target_closed", { number: target.number });
    await appendTicketEvent(tx, {
      ticketId: target.id,
      at: now,
      action: "absorb",
      fromState: target.state,
      toState: target.state,
      actor: ctx.actor,
      data: { mergedTicketId: ticket.id, mergedTicketNumber: ticket.number },
    });
    return {
      set: { ...closedColumns(now), mergedIntoId: target.id, closingNote: `已合并至 ${target.number}` },
      data: { intoTicketId: target.id, intoTicketNumber: target.number },
    };
  });
}

/** 归档. */
export async function archiveTicket(ctx: TicketContext, ticketId: number) {
  return runTicketAction(ctx, ticketId, "archive", ({ ticket, now }) => ({ set: { closedAt: ticket.closedAt ?? now } }));
}
