import { and, eq, inArray } from "drizzle-orm";
import type { Transaction } from "~/db/client";
import { type DeadlineKind, DEADLINE_KINDS, deadlineWatches, type Ticket } from "~/db/schema";
import { escalate, loadActiveLevels } from "./levels";

/** The ticket column behind each supervised deadline. */
export const DEADLINE_COLUMNS = {
  dispatch: "dispatchDueAt",
  sign: "signDueAt",
  handle: "handleDueAt",
} as const satisfies Record<DeadlineKind, keyof Ticket>;

/**
 * Keeps a ticket's deadline watches in step with its deadline columns. Called by every command
 * that writes a ticket (create and runTicketAction), inside its transaction. A deadline that
 * stopped (signed, replied, suspended, closed) loses its watch; a deadline that moved (extension,
 * resumption) starts over from its first level, keeping when its clock first started; an
 * unchanged deadline keeps its progress.
 */
export async function syncDeadlineWatches(tx: Transaction, ticket: Ticket, now: Date): Promise<void> {
  // Both reads at once: on one transaction's connection they are pipelined, one round trip.
  const [existing, levels] = await Promise.all([tx.select().from(deadlineWatches).where(eq(deadlineWatches.ticketId, ticket.id)), loadActiveLevels(tx)]);
  const stopped = DEADLINE_KINDS.filter((kind) => ticket[DEADLINE_COLUMNS[kind]] === null && existing.some((w) => w.kind === kind));
  if (stopped.length) await tx.delete(deadlineWatches).where(and(eq(deadlineWatches.ticketId, ticket.id), inArray(deadlineWatches.kind, stopped)));

  for (const kind of DEADLINE_KINDS) {
    const dueAt = ticket[DEADLINE_COLUMNS[kind]];
    if (dueAt === null) continue;
    const watch = existing.find((w) => w.kind === kind);
    if (watch && watch.dueAt.getTime() === dueAt.getTime()) continue;
    const startedAt = watch?.startedAt ?? now;
    // Levels already passed at `now` fire on the next sweep, which records them.
    const { nextAt } = escalate(levels, { dueAt, startedAt }, null, new Date(0));
    const values = { dueAt, startedAt, lastLevel: null, nextAt };
    await tx
      .insert(deadlineWatches)
      .values({ ticketId: ticket.id, kind, ...values })
      .onConflictDoUpdate({ target: [deadlineWatches.ticketId, deadlineWatches.kind], set: values });
  }
}
