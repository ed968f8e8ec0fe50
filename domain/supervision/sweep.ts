import { and, asc, eq, inArray, isNotNull, lte, sql } from "drizzle-orm";
import type { Database, Transaction } from "~/db/client";
import {
  type DeadlineKind,
  type DeadlineWatch,
  deadlineWatches,
  departments,
  type SupervisionLevel,
  type SupervisionLevelRule,
  supervisionRecords,
  tickets,
} from "~/db/schema";
import type { Clock } from "../clock";
import { notifyUsers } from "../notifications";
import { escalate, loadActiveLevels } from "./levels";
import { addresseeRole, loadStaffDirectory, recipientsOf } from "./recipients";
import { renderNotice } from "./wording";

export interface SweepResult {
  /** Deadline watches looked at (their next level was due). */
  watches: number;
  /** Warning and supervision records written now. */
  records: number;
  batches: number;
}

export interface SweepOptions {
  batchSize?: number;
  /** Called after each committed batch (progress, and the crash test's point to kill). */
  onBatch?: (batch: { watches: number; records: number }) => void;
}

/**
 * Fires every supervision level that has come due: for each, a record (the notice) and in-app
 * notifications for its addressees, then the watch moves on to its next level. Batches are
 * claimed with FOR UPDATE SKIP LOCKED, each in its own transaction, so several workers share the
 * work, a crash loses at most an uncommitted batch (redone on the next run), and the unique index
 * on records makes a level fire once per deadline even if two sweeps race on the same watch.
 * Cost follows the number of watches due (index on next_at), not the number of tickets.
 */
export async function runDeadlineSweep(deps: { db: Database; clock: Clock }, options: SweepOptions = {}): Promise<SweepResult> {
  const batchSize = options.batchSize ?? 500;
  const total: SweepResult = { watches: 0, records: 0, batches: 0 };
  for (;;) {
    const batch = await deps.db.transaction((tx) => sweepBatch(tx, deps.clock.now(), batchSize));
    if (batch.watches === 0) return total;
    total.watches += batch.watches;
    total.records += batch.records;
    total.batches += 1;
    options.onBatch?.(batch);
    if (batch.watches < batchSize) return total;
  }
}

async function sweepBatch(tx: Transaction, now: Date, batchSize: number): Promise<{ watches: number; records: number }> {
  const watches = await tx
    .select()
    .from(deadlineWatches)
    .where(and(isNotNull(deadlineWatches.nextAt), lte(deadlineWatches.nextAt, now)))
    .orderBy(asc(deadlineWatches.nextAt))
    .limit(batchSize)
    .for("update", { skipLocked: true });
  if (!watches.length) return { watches: 0, records: 0 };

  const levels = await loadActiveLevels(tx);
  const ticketIds = [...new Set(watches.map((w) => w.ticketId))];
  const ticketRows = await tx
    .select({ id: tickets.id, number: tickets.number, title: tickets.title, departmentId: tickets.leadDepartmentId, departmentName: departments.name })
    .from(tickets)
    .leftJoin(departments, eq(departments.id, tickets.leadDepartmentId))
    .where(inArray(tickets.id, ticketIds));
  const ticketById = new Map(ticketRows.map((t) => [t.id, t]));

  const records: (typeof supervisionRecords.$inferInsert)[] = [];
  const moves: { watch: DeadlineWatch; lastLevel: SupervisionLevel | null; nextAt: Date | null }[] = [];
  for (const watch of watches) {
    const ticket = ticketById.get(watch.ticketId)!;
    const step = escalate(levels, watch, watch.lastLevel, now);
    moves.push({ watch, lastLevel: step.lastLevel, nextAt: step.nextAt });
    for (const rule of step.due) {
      const departmentId = watch.kind === "dispatch" ? null : ticket.departmentId;
      records.push({
        ticketId: watch.ticketId,
        kind: watch.kind,
        dueAt: watch.dueAt,
        level: rule.level,
        addressee: rule.addressee,
        departmentId,
        notice: renderNotice(rule.noticeTemplate, { ...ticket, kind: watch.kind, dueAt: watch.dueAt }),
        requiresResponse: rule.requiresResponse,
        createdAt: now,
      });
    }
  }

  const inserted = records.length
    ? await tx
        .insert(supervisionRecords)
        .values(records)
        .onConflictDoNothing()
        .returning({
          ticketId: supervisionRecords.ticketId,
          kind: supervisionRecords.kind,
          addressee: supervisionRecords.addressee,
          departmentId: supervisionRecords.departmentId,
          notice: supervisionRecords.notice,
          level: supervisionRecords.level,
        })
    : [];
  await notifyAddressees(tx, inserted, ticketById, now);
  await moveWatches(tx, moves);
  return { watches: watches.length, records: inserted.length };
}

async function notifyAddressees(
  tx: Transaction,
  notices: readonly { ticketId: number; kind: DeadlineKind; addressee: SupervisionLevelRule["addressee"]; departmentId: number | null; notice: string }[],
  ticketById: ReadonlyMap<number, { number: string }>,
  now: Date,
): Promise<void> {
  if (!notices.length) return;
  const roles = [...new Set(notices.map((n) => addresseeRole(n.kind, n.addressee).role))];
  const directory = await loadStaffDirectory(tx, roles);
  await notifyUsers(
    tx,
    notices.flatMap((n) =>
      recipientsOf(directory, n.kind, n.addressee, n.departmentId).map((userId) => ({
        userId,
        title: ticketById.get(n.ticketId)!.number,
        body: n.notice,
        link: `/tickets/${n.ticketId}`,
      })),
    ),
    now,
  );
}

/** One statement for the whole batch: each watch's last level and next firing time. */
async function moveWatches(tx: Transaction, moves: readonly { watch: DeadlineWatch; lastLevel: SupervisionLevel | null; nextAt: Date | null }[]): Promise<void> {
  const rows = moves.map(
    (m) => sql`(${m.watch.ticketId}::bigint, ${m.watch.kind}::text, ${m.lastLevel}::text, ${m.nextAt?.toISOString() ?? null}::timestamptz)`,
  );
  await tx.execute(sql`
    update ${deadlineWatches} as w
    set last_level = v.last_level, next_at = v.next_at
    from (values ${sql.join(rows, sql`, `)}) as v(ticket_id, kind, last_level, next_at)
    where w.ticket_id = v.ticket_id and w.kind = v.kind`);
}
