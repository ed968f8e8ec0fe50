import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import { z } from "zod";
import type { Queryable, Transaction } from "~/db/client";
import { callbackTasks, type Ticket, tickets } from "~/db/schema";
import { parseInput } from "../command";
import { conflict, notFound } from "../errors";
import { maskName, maskPhone } from "../privacy";
import { runTicketAction, type TicketContext } from "../tickets/run-action";
import { getRatingPolicy } from "./policy";

/** Creates the round's callback task (once: a repeated reply in the same round keeps the first). */
export async function scheduleCallback(tx: Transaction, ticket: Pick<Ticket, "id" | "round">, now: Date): Promise<void> {
  const policy = await getRatingPolicy(tx);
  await tx
    .insert(callbackTasks)
    .values({ ticketId: ticket.id, round: ticket.round, dueAt: new Date(now.getTime() + policy.callbackAfterHours * 3_600_000), createdAt: now })
    .onConflictDoNothing();
}

export const CALLBACKS_PAGE_SIZE = 30;

/** The operators' callback list: open tasks of replied tickets, earliest due first. */
export async function listOpenCallbacks(db: Queryable, now: Date, page: number) {
  // Only the current round's task: an earlier round's callback left open when its bad rating was
  // upheld is moot (rating through it would rate the new round).
  const where = and(inArray(callbackTasks.status, ["pending", "unreached"]), eq(tickets.state, "replied"), eq(callbackTasks.round, tickets.round));
  const rows = await db
    .select({
      task: callbackTasks,
      number: tickets.number,
      title: tickets.title,
      reply: tickets.reply,
      citizenName: tickets.citizenName,
      citizenPhone: tickets.citizenPhone,
      repliedAt: tickets.repliedAt,
      round: tickets.round,
    })
    .from(callbackTasks)
    .innerJoin(tickets, eq(tickets.id, callbackTasks.ticketId))
    .where(where)
    .orderBy(asc(callbackTasks.dueAt), asc(callbackTasks.id))
    .limit(CALLBACKS_PAGE_SIZE)
    .offset((page - 1) * CALLBACKS_PAGE_SIZE);
  const [total] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(callbackTasks)
    .innerJoin(tickets, eq(tickets.id, callbackTasks.ticketId))
    .where(where);
  const [due] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(callbackTasks)
    .innerJoin(tickets, eq(tickets.id, callbackTasks.ticketId))
    .where(and(where, lte(callbackTasks.dueAt, now)));
  return {
    rows: rows.map((r) => ({ ...r, citizenName: maskName(r.citizenName), citizenPhone: maskPhone(r.citizenPhone), overdue: r.task.dueAt <= now })),
    total: total?.n ?? 0,
    due: due?.n ?? 0,
  };
}

const attemptSchema = z.object({
  outcome: z.enum(["unreached", "refused"], { message: "callback_outcome_invalid" }),
  note: z.string().trim().max(500, "note_too_long").nullish(),
});

/**
 * A callback that did not produce a rating: nobody answered (tried again later), or the citizen
 * declined to rate. Recorded on the task and the ticket's timeline; a reached callback records its
 * rating with rateTicket instead.
 */
export async function recordCallbackAttempt(ctx: TicketContext, taskId: number, raw: z.input<typeof attemptSchema>) {
  const input = parseInput(attemptSchema, raw);
  const [task] = await ctx.db.select().from(callbackTasks).where(eq(callbackTasks.id, taskId));
  if (!task) throw notFound("callback_not_found");
  return runTicketAction(ctx, task.ticketId, "callback_attempt", async ({ tx, now }) => {
    const [locked] = await tx.select().from(callbackTasks).where(eq(callbackTasks.id, taskId)).for("update");
    if (!locked || !["pending", "unreached"].includes(locked.status)) throw conflict("callback_already_done");
    await tx
      .update(callbackTasks)
      .set({
        status: input.outcome,
        attempts: locked.attempts + 1,
        lastAttemptAt: now,
        note: input.note ?? null,
        ...(input.outcome === "refused" ? { completedAt: now, completedBy: ctx.actor.id } : {}),
      })
      .where(eq(callbackTasks.id, taskId));
    return { reason: input.note ?? null, data: { callbackTaskId: taskId, outcome: input.outcome, attempt: locked.attempts + 1 }, channel: "phone" };
  });
}

/** Marks the round's open callback done when a rating arrives (by callback or any other channel). */
export async function completeCallback(tx: Transaction, ticketId: number, round: number, by: { status: "reached" | "cancelled"; userId: string | null; at: Date }) {
  await tx
    .update(callbackTasks)
    .set({ status: by.status, completedAt: by.at, completedBy: by.userId })
    .where(and(eq(callbackTasks.ticketId, ticketId), eq(callbackTasks.round, round), inArray(callbackTasks.status, ["pending", "unreached"])));
}
