import { and, eq, inArray, or, type SQL } from "drizzle-orm";
import { insertRows } from "~/db/bulk-insert";
import type { Transaction } from "~/db/client";
import { type DeadlineKind, DEADLINE_KINDS, type DeadlineWatch, deadlineWatches, type SupervisionLevelRule, type Ticket } from "~/db/schema";
import { escalate } from "./levels";

/** The ticket column behind each supervised deadline. */
export const DEADLINE_COLUMNS = {
  dispatch: "dispatchDueAt",
  sign: "signDueAt",
  handle: "handleDueAt",
} as const satisfies Record<DeadlineKind, keyof Ticket>;

/**
 * Keeps tickets' deadline watches in step with their deadline columns. Called by every command
 * that writes tickets (intake and runTicketAction), inside its transaction. A deadline that
 * stopped (signed, replied, suspended, closed) loses its watch; a deadline that moved (extension,
 * resumption) starts over from its first level, keeping when its clock first started; an
 * unchanged deadline keeps its progress. However many tickets: the read of their watches, then
 * the deletes and upserts pipelined. The supervision levels come from the caller, which reads them
 * with the other administrators' data it needs (cached per process); intake, which knows its
 * tickets have no watches yet, passes `existing` and skips the read.
 */
export async function syncDeadlineWatches(
  tx: Transaction,
  changed: readonly Ticket[],
  levels: readonly SupervisionLevelRule[],
  existing?: readonly DeadlineWatch[],
): Promise<void> {
  if (!changed.length) return;
  existing ??= await tx.select().from(deadlineWatches).where(inArray(deadlineWatches.ticketId, changed.map((t) => t.id)));
  const stops: SQL[] = [];
  const upserts: (typeof deadlineWatches.$inferInsert)[] = [];
  for (const ticket of changed) {
    const own = existing.filter((w) => w.ticketId === ticket.id);
    const stopped = DEADLINE_KINDS.filter((kind) => ticket[DEADLINE_COLUMNS[kind]] === null && own.some((w) => w.kind === kind));
    if (stopped.length) stops.push(and(eq(deadlineWatches.ticketId, ticket.id), inArray(deadlineWatches.kind, stopped))!);
    for (const kind of DEADLINE_KINDS) {
      const dueAt = ticket[DEADLINE_COLUMNS[kind]];
      if (dueAt === null) continue;
      const watch = own.find((w) => w.kind === kind);
      if (watch && watch.dueAt.getTime() === dueAt.getTime()) continue;
      // The write that set this deadline stamped updatedAt: that is when its clock started.
      const startedAt = watch?.startedAt ?? ticket.updatedAt;
      // Levels already passed at the write fire on the next sweep, which records them.
      const { nextAt } = escalate(levels, { dueAt, startedAt }, null, new Date(0));
      upserts.push({ ticketId: ticket.id, kind, dueAt, startedAt, lastLevel: null, nextAt });
    }
  }
  await Promise.all([
    stops.length ? tx.delete(deadlineWatches).where(or(...stops)) : null,
    insertRows(tx, deadlineWatches, upserts, {
      onConflict: "on conflict (ticket_id, kind) do update set due_at = excluded.due_at, started_at = excluded.started_at, last_level = excluded.last_level, next_at = excluded.next_at",
    }),
  ]);
}
