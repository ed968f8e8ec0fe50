import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { rectifications } from "~/db/schema";
import { parseInput } from "../command";
import { conflict } from "../errors";
import { runTicketAction, type TicketContext } from "../tickets/run-action";
import { scheduleCallback } from "./callbacks";
import { getRatingPolicy } from "./policy";

const reportSchema = z.string({ message: "rectification_report_invalid" }).trim().min(5, "rectification_report_invalid").max(5000, "rectification_report_invalid");

/**
 * 整改报告: the department reports what it did. The report becomes the ticket's reply for this
 * round, the citizen is told (SMS, from the event's outbox row) and a new callback is scheduled.
 */
export async function reportRectification(ctx: TicketContext, ticketId: number, rawReport: string) {
  const report = parseInput(reportSchema, rawReport);
  return runTicketAction(ctx, ticketId, "report_rectification", async ({ tx, ticket, now }) => {
    const late = ticket.handleDueAt !== null && ticket.handleDueAt < now;
    const done = await tx
      .update(rectifications)
      .set({ report, reportedAt: now, reportedBy: ctx.actor.id })
      .where(and(eq(rectifications.ticketId, ticketId), eq(rectifications.round, ticket.round)))
      .returning({ id: rectifications.id });
    if (!done.length) throw conflict("no_open_rectification");
    await scheduleCallback(tx, ticket, now);
    return {
      set: { reply: report, repliedAt: now, handleDueAt: null },
      data: { round: ticket.round, late, handleDueAt: ticket.handleDueAt?.toISOString() ?? null },
    };
  });
}

const decisionSchema = z.string({ message: "close_decision_required" }).trim().min(5, "close_decision_required").max(2000, "note_too_long");

/**
 * 结案: after the configured number of rectification rounds, a supervisor may end the loop with a
 * recorded decision even though the citizen is still not satisfied.
 */
export async function closeRatingLoop(ctx: TicketContext, ticketId: number, rawDecision: string) {
  const decision = parseInput(decisionSchema, rawDecision);
  return runTicketAction(ctx, ticketId, "close_loop", async ({ tx, ticket, now }) => {
    const policy = await getRatingPolicy(tx);
    if (ticket.round < policy.closeAfterRounds) throw conflict("close_loop_too_early", { rounds: ticket.round, required: policy.closeAfterRounds });
    return { set: { handleDueAt: null, closedAt: now }, reason: decision, data: { round: ticket.round } };
  });
}
