import { and, asc, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Queryable } from "~/db/client";
import { callbackTasks, departments, ratings, ratingVerifications, rectifications, tickets, users } from "~/db/schema";
import { conflict, notFound } from "../errors";
import { getRatingPolicy } from "./policy";

export const VERIFICATIONS_PAGE_SIZE = 20;

/**
 * The supervisors' verification queue (核实): bad ratings still pending, oldest first, with what a
 * supervisor needs to decide — the rating, the reply it was given on, the department.
 */
export async function listPendingVerifications(db: Queryable, page: number) {
  const where = and(eq(ratingVerifications.status, "pending"), eq(tickets.state, "replied"), eq(ratingVerifications.round, tickets.round));
  const rows = await db
    .select({
      id: ratingVerifications.id,
      createdAt: ratingVerifications.createdAt,
      round: ratingVerifications.round,
      ticketId: tickets.id,
      number: tickets.number,
      title: tickets.title,
      reply: tickets.reply,
      repliedAt: tickets.repliedAt,
      departmentName: departments.name,
      level: ratings.level,
      comment: ratings.comment,
      channel: ratings.channel,
      ratedAt: ratings.at,
    })
    .from(ratingVerifications)
    .innerJoin(tickets, eq(tickets.id, ratingVerifications.ticketId))
    .innerJoin(ratings, eq(ratings.id, ratingVerifications.ratingId))
    .leftJoin(departments, eq(departments.id, tickets.leadDepartmentId))
    .where(where)
    .orderBy(asc(ratingVerifications.createdAt), asc(ratingVerifications.id))
    .limit(VERIFICATIONS_PAGE_SIZE)
    .offset((page - 1) * VERIFICATIONS_PAGE_SIZE);
  const [total] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(ratingVerifications)
    .innerJoin(tickets, eq(tickets.id, ratingVerifications.ticketId))
    .where(where);
  return { rows, total: total?.n ?? 0 };
}

/**
 * A ticket's rating loop for its page: every rating (newest first), the verifications with their
 * decisions, the rectifications with their reports, and whether a verification is pending in the
 * current round and whether the loop may be closed yet. Visibility of the ticket itself is
 * checked by the caller (the ticket page loads the ticket first).
 */
export async function getTicketRatingLoop(db: Queryable, ticket: { id: number; round: number }) {
  const decider = alias(users, "decider");
  const reporter = alias(users, "reporter");
  const [history, verifications, rounds, policy] = await Promise.all([
    db.select().from(ratings).where(eq(ratings.ticketId, ticket.id)).orderBy(desc(ratings.id)),
    db
      .select({
        id: ratingVerifications.id,
        round: ratingVerifications.round,
        status: ratingVerifications.status,
        dismissReason: ratingVerifications.dismissReason,
        note: ratingVerifications.note,
        createdAt: ratingVerifications.createdAt,
        decidedAt: ratingVerifications.decidedAt,
        decidedBy: decider.displayName,
      })
      .from(ratingVerifications)
      .leftJoin(decider, eq(decider.id, ratingVerifications.decidedBy))
      .where(eq(ratingVerifications.ticketId, ticket.id))
      .orderBy(desc(ratingVerifications.round)),
    db
      .select({
        id: rectifications.id,
        round: rectifications.round,
        dueAt: rectifications.dueAt,
        originalReply: rectifications.originalReply,
        report: rectifications.report,
        reportedAt: rectifications.reportedAt,
        reportedBy: reporter.displayName,
        departmentName: departments.name,
        createdAt: rectifications.createdAt,
      })
      .from(rectifications)
      .leftJoin(reporter, eq(reporter.id, rectifications.reportedBy))
      .leftJoin(departments, eq(departments.id, rectifications.departmentId))
      .where(eq(rectifications.ticketId, ticket.id))
      .orderBy(desc(rectifications.round)),
    getRatingPolicy(db),
  ]);
  return {
    ratings: history.map((r) => ({
      id: r.id,
      round: r.round,
      level: r.level,
      resolved: r.resolved,
      comment: r.comment,
      channel: r.channel,
      at: r.at,
      actorLabel: r.actorLabel,
      defaulted: r.channel === "default",
    })),
    verifications,
    rectifications: rounds,
    pendingVerification: verifications.some((v) => v.round === ticket.round && v.status === "pending"),
    closeAfterRounds: policy.closeAfterRounds,
    canCloseYet: ticket.round >= policy.closeAfterRounds,
  };
}

/**
 * The ticket a callback task belongs to (for the callback list's forms, which post the task id).
 * With `open`, a task already done (reached, refused, cancelled) is refused: a stale list must not
 * rate through it.
 */
export async function callbackTaskTicketId(db: Queryable, taskId: number, options: { open?: boolean } = {}): Promise<number> {
  const [task] = await db.select({ ticketId: callbackTasks.ticketId, status: callbackTasks.status }).from(callbackTasks).where(eq(callbackTasks.id, taskId));
  if (!task) throw notFound("callback_not_found");
  if (options.open && task.status !== "pending" && task.status !== "unreached") throw conflict("callback_already_done");
  return task.ticketId;
}
