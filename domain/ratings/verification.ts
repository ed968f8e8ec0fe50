import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Transaction } from "~/db/client";
import { DISMISS_REASONS, ratingVerifications, rectifications, supervisionLevels, type Ticket } from "~/db/schema";
import { addWorkingDays } from "../calendar/working-calendar";
import { parseInput } from "../command";
import { conflict } from "../errors";
import { recordNotice } from "../supervision/notices";
import { renderNotice } from "../supervision/wording";
import { runTicketAction, type TicketContext } from "../tickets/run-action";
import { getRatingPolicy } from "./policy";

async function pendingVerification(tx: Transaction, ticket: Ticket) {
  const [verification] = await tx
    .select()
    .from(ratingVerifications)
    .where(and(eq(ratingVerifications.ticketId, ticket.id), eq(ratingVerifications.round, ticket.round), eq(ratingVerifications.status, "pending")))
    .for("update");
  if (!verification) throw conflict("no_rating_to_verify");
  return verification;
}

const noteSchema = z.string().trim().max(1000, "note_too_long").nullish();

/**
 * 核实属实: the bad rating stands. The department gets a rectification (整改) with its own deadline
 * (the ticket's handling deadline, so the deadline sweep supervises it) and the reply it is
 * rectifying. A second or later upheld rating raises supervision: a notice to the department lead.
 */
export async function upholdRating(ctx: TicketContext, ticketId: number, rawNote: string | null = null) {
  const note = parseInput(noteSchema, rawNote);
  return runTicketAction(ctx, ticketId, "uphold_rating", async ({ tx, ticket, now, calendar }) => {
    const verification = await pendingVerification(tx, ticket);
    if (ticket.leadDepartmentId === null) throw conflict("no_department_to_rectify");
    const policy = await getRatingPolicy(tx);
    const round = ticket.round + 1;
    const dueAt = addWorkingDays(calendar, now, policy.rectificationWorkingDays);
    await tx.update(ratingVerifications).set({ status: "upheld", note: note ?? null, decidedBy: ctx.actor.id, decidedAt: now }).where(eq(ratingVerifications.id, verification.id));
    await tx.insert(rectifications).values({
      ticketId,
      round,
      verificationId: verification.id,
      departmentId: ticket.leadDepartmentId,
      dueAt,
      originalReply: ticket.reply,
      createdAt: now,
    });
    if (round > 1) await escalateRepeatedDissatisfaction(tx, ctx, { ...ticket, round, handleDueAt: dueAt }, now);
    return {
      set: { round, handleDueAt: dueAt, closedAt: null },
      reason: note ?? null,
      data: { round, rectificationDueAt: dueAt.toISOString(), verificationId: verification.id },
    };
  });
}

/** 重复不满意: a supervision notice, at 催办 for the second round and 督办 after, to the lead. */
async function escalateRepeatedDissatisfaction(tx: Transaction, ctx: TicketContext, ticket: Ticket & { handleDueAt: Date }, now: Date) {
  const level = ticket.round === 2 ? "urge" : "supervise";
  const [rule] = await tx.select().from(supervisionLevels).where(eq(supervisionLevels.level, level));
  const notice = renderNotice(rule?.noticeTemplate ?? "【{stage}】工单{number}「{title}」市民再次不满意，请{department}负责人督促整改。", {
    number: ticket.number,
    title: ticket.title,
    departmentName: null,
    kind: "handle",
    dueAt: ticket.handleDueAt,
  });
  await recordNotice(
    tx,
    {
      ticketId: ticket.id,
      kind: "handle",
      dueAt: ticket.handleDueAt,
      level,
      addressee: "department_lead",
      departmentId: ticket.leadDepartmentId,
      notice: `第${ticket.round}轮整改：${notice}`,
      requiresResponse: level === "supervise",
      createdAt: now,
      issuedBy: ctx.actor.id,
    },
    ticket.number,
  );
}

const dismissSchema = z.object({
  reason: z.enum(DISMISS_REASONS, { message: "dismiss_reason_required" }),
  note: z.string({ message: "dismiss_note_required" }).trim().min(2, "dismiss_note_required").max(1000, "note_too_long"),
});

/** 不予采信: the bad rating was mistaken, malicious or outside the centre's remit; the reason is kept. */
export async function dismissRating(ctx: TicketContext, ticketId: number, raw: z.input<typeof dismissSchema>) {
  const input = parseInput(dismissSchema, raw);
  return runTicketAction(ctx, ticketId, "dismiss_rating", async ({ tx, ticket, now }) => {
    const verification = await pendingVerification(tx, ticket);
    await tx
      .update(ratingVerifications)
      .set({ status: "dismissed", dismissReason: input.reason, note: input.note, decidedBy: ctx.actor.id, decidedAt: now })
      .where(eq(ratingVerifications.id, verification.id));
    return { set: { closedAt: now }, reason: input.note, data: { dismissReason: input.reason, verificationId: verification.id } };
  });
}
