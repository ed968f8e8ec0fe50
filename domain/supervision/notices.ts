import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Transaction } from "~/db/client";
import { type DeadlineKind, departments, type SupervisionLevel, type SupervisionRecord, supervisionLevels, supervisionRecords, tickets } from "~/db/schema";
import { parseInput } from "../command";
import { conflict, DomainError, notFound } from "../errors";
import { notifyUsers } from "../notifications";
import type { TicketContext } from "../tickets/run-action";
import { STATE_TYPES } from "../tickets/states";
import { canAnswerRecord, canSeeRecord } from "./record-access";
import { addresseeRole, loadStaffDirectory, recipientsOf } from "./recipients";
import { renderNotice } from "./wording";

/**
 * The levels a supervisor may issue by hand: the notices proper (提醒 → 催办 → 督办 → 通报).
 * The warning and the overdue mark describe a deadline's state, so only the sweep sets them.
 */
export const MANUAL_NOTICE_LEVELS = ["remind", "urge", "supervise", "circulate"] as const satisfies readonly SupervisionLevel[];

export const NOTICE_MAX_LENGTH = 1000;
export const RESPONSE_MAX_LENGTH = 2000;

const issueSchema = z.object({
  ticketId: z.number({ message: "ticket_not_found" }).int("ticket_not_found").positive("ticket_not_found"),
  level: z.enum(MANUAL_NOTICE_LEVELS, { message: "supervision_level_invalid" }),
  /** Blank: the level's template, filled in for this ticket. */
  notice: z
    .string()
    .trim()
    .max(NOTICE_MAX_LENGTH, "supervision_notice_invalid")
    .refine((text) => text === "" || text.length >= 5, "supervision_notice_invalid"),
  requiresResponse: z.boolean(),
});
export type IssueNoticeInput = z.input<typeof issueSchema>;

const responseSchema = z.string().trim().min(5, "supervision_response_invalid").max(RESPONSE_MAX_LENGTH, "supervision_response_invalid");

/** The running deadline a notice is about: the earliest one, as the ticket's countdown shows. */
function runningDeadline(ticket: { dispatchDueAt: Date | null; signDueAt: Date | null; handleDueAt: Date | null }): { kind: DeadlineKind; dueAt: Date } | null {
  const running = (
    [
      ["dispatch", ticket.dispatchDueAt],
      ["sign", ticket.signDueAt],
      ["handle", ticket.handleDueAt],
    ] as const
  ).filter((entry): entry is readonly [DeadlineKind, Date] => entry[1] !== null);
  if (!running.length) return null;
  const [kind, dueAt] = running.reduce((earliest, entry) => (entry[1] < earliest[1] ? entry : earliest));
  return { kind, dueAt };
}

/**
 * A supervisor issues a notice by hand (人工督办). It is addressed like the sweep's notice of the
 * same level — the level's rule names the addressee — and is about the ticket's running deadline.
 * The record itself is the trace: who issued it (issuedBy) and when. Refused (409) for a closed
 * ticket and for one whose clock is not running (suspended, or replied and waiting for callback).
 */
export async function issueNotice(ctx: TicketContext, raw: IssueNoticeInput): Promise<SupervisionRecord> {
  if (!ctx.actor.roles.includes("supervisor") || ctx.actor.id === null) throw new DomainError("supervision_issue_not_permitted", 403);
  const input = parseInput(issueSchema, raw);
  return ctx.db.transaction(async (tx) => {
    const [ticket] = await tx
      .select({ ticket: tickets, departmentName: departments.name })
      .from(tickets)
      .leftJoin(departments, eq(departments.id, tickets.leadDepartmentId))
      .where(eq(tickets.id, input.ticketId));
    if (!ticket) throw notFound("ticket_not_found");
    if (STATE_TYPES[ticket.ticket.state] === "closed") throw conflict("supervision_ticket_closed");
    const deadline = runningDeadline(ticket.ticket);
    if (!deadline) throw conflict("supervision_no_running_deadline");

    const [rule] = await tx.select().from(supervisionLevels).where(eq(supervisionLevels.level, input.level));
    if (!rule) throw notFound("supervision_level_not_found");
    const departmentId = deadline.kind === "dispatch" ? null : ticket.ticket.leadDepartmentId;
    const now = ctx.clock.now();
    const notice =
      input.notice ||
      renderNotice(rule.noticeTemplate, { number: ticket.ticket.number, title: ticket.ticket.title, departmentName: ticket.departmentName, ...deadline });
    return recordNotice(
      tx,
      {
        ticketId: input.ticketId,
        kind: deadline.kind,
        dueAt: deadline.dueAt,
        level: input.level,
        addressee: rule.addressee,
        departmentId,
        notice,
        requiresResponse: input.requiresResponse,
        createdAt: now,
        issuedBy: ctx.actor.id,
      },
      ticket.ticket.number,
    );
  });
}

/**
 * Writes a notice issued by a person or a command (by hand, or on repeated dissatisfaction) and
 * tells its addressees in the app, inside the caller's transaction. (The deadline sweep writes
 * its notices set-based, batch by batch; supervision/sweep.ts.)
 */
export async function recordNotice(tx: Transaction, values: typeof supervisionRecords.$inferInsert & { createdAt: Date }, ticketNumber: string): Promise<SupervisionRecord> {
  const [record] = await tx.insert(supervisionRecords).values(values).returning();
  await notifyAddressees(tx, record!, ticketNumber, values.createdAt);
  return record!;
}

async function notifyAddressees(tx: Transaction, record: SupervisionRecord, ticketNumber: string, now: Date) {
  const directory = await loadStaffDirectory(tx, [addresseeRole(record.kind, record.addressee).role]);
  const recipients = recipientsOf(directory, record.kind, record.addressee, record.departmentId);
  await notifyUsers(
    tx,
    recipients.map((userId) => ({ userId, title: ticketNumber, body: record.notice, link: `/tickets/${record.ticketId}` })),
    now,
  );
}

/**
 * The addressed unit answers a notice that asks for an answer (督办 must be answered in writing).
 * 404 when the record is not the viewer's to see, 403 when it is visible but not theirs to answer,
 * 409 when it needs no answer or was already answered. The supervisor who issued it by hand — or,
 * for the sweep's notices, the centre's supervisors — are told in the app.
 */
export async function respondToNotice(ctx: TicketContext, recordId: number, text: string): Promise<SupervisionRecord> {
  const response = parseInput(responseSchema, text);
  return ctx.db.transaction(async (tx) => {
    const [record] = await tx.select().from(supervisionRecords).where(eq(supervisionRecords.id, recordId)).for("update");
    if (!record || !canSeeRecord(ctx.actor, record)) throw notFound("supervision_record_not_found");
    if (!canAnswerRecord(ctx.actor, record) || ctx.actor.id === null) throw new DomainError("supervision_answer_not_permitted", 403);
    if (!record.requiresResponse) throw conflict("supervision_response_not_required");
    if (record.respondedAt !== null) throw conflict("supervision_already_answered");

    const now = ctx.clock.now();
    const [answered] = await tx
      .update(supervisionRecords)
      .set({ response, respondedAt: now, respondedBy: ctx.actor.id })
      .where(eq(supervisionRecords.id, recordId))
      .returning();
    const [ticket] = await tx.select({ number: tickets.number }).from(tickets).where(eq(tickets.id, record.ticketId));
    const supervisors = record.issuedBy ? [record.issuedBy] : (await loadStaffDirectory(tx, ["supervisor"])).usersFor("supervisor", null);
    await notifyUsers(
      tx,
      supervisors.map((userId) => ({ userId, title: `${ticket!.number} 督办已回复`, body: response, link: `/supervision/records/${recordId}` })),
      now,
    );
    return answered!;
  });
}
