import { and, asc, inArray, isNull, lte, notInArray, sql } from "drizzle-orm";
import type { Database } from "~/db/client";
import { outbox } from "~/db/schema";
import type { Clock } from "~/domain/clock";
import { SEARCH_TOPICS } from "~/search/sync";

export interface OutboxRow {
  id: number;
  topic: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/** Carries out one outbox row; throwing means "try again later". */
export type OutboxHandler = (row: OutboxRow) => Promise<void>;

export interface OutboxPolicy {
  /** After this many failed attempts the row goes to the dead-letter view. */
  maxAttempts: number;
  /** First retry delay; each further attempt doubles it, up to `maxDelaySeconds`. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** How long a claimed row is hidden from other workers while it is being handled. */
  leaseSeconds: number;
}

export const DEFAULT_OUTBOX_POLICY: OutboxPolicy = { maxAttempts: 6, baseDelaySeconds: 30, maxDelaySeconds: 3600, leaseSeconds: 300 };

/** The delay before attempt `attempts + 1`, after `attempts` failures. */
export function retryDelaySeconds(policy: OutboxPolicy, attempts: number): number {
  return Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** Math.max(0, attempts - 1));
}

export interface DispatchResult {
  done: number;
  failed: number;
  dead: number;
}

/**
 * Handles pending outbox rows by topic. Each row is first claimed in its own short transaction
 * (attempts + 1 and a lease, FOR UPDATE SKIP LOCKED), so several workers never handle the same row
 * at once and a worker that dies mid-send leaves the row to be retried when the lease ends: delivery
 * is at least once. A failure records the error and backs off exponentially; after
 * `maxAttempts` the row is marked dead and waits for an administrator's retry. Search rows have
 * their own job (search/sync.ts) and are left alone here.
 */
export async function dispatchOutbox(
  deps: { db: Database; clock: Clock },
  handlers: Readonly<Record<string, OutboxHandler>>,
  policy: OutboxPolicy = DEFAULT_OUTBOX_POLICY,
  batchSize = 50,
): Promise<DispatchResult> {
  const result: DispatchResult = { done: 0, failed: 0, dead: 0 };
  for (;;) {
    const claimed = await claim(deps, policy, batchSize);
    // Handlers may queue rows of their own (an event fans out into SMS): keep going until none is due.
    if (!claimed.length) return result;
    for (const row of claimed) {
      const handler = handlers[row.topic];
      try {
        if (!handler) throw new Error(`no handler for outbox topic "${row.topic}"`);
        await handler(row);
        await deps.db.update(outbox).set({ processedAt: deps.clock.now(), lastError: null }).where(inArray(outbox.id, [row.id]));
        result.done += 1;
      } catch (error) {
        const dead = row.attempts >= policy.maxAttempts;
        const now = deps.clock.now();
        await deps.db
          .update(outbox)
          .set({
            lastError: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
            availableAt: new Date(now.getTime() + retryDelaySeconds(policy, row.attempts) * 1000),
            deadAt: dead ? now : null,
          })
          .where(inArray(outbox.id, [row.id]));
        if (dead) result.dead += 1;
        else result.failed += 1;
      }
    }
  }
}

async function claim(deps: { db: Database; clock: Clock }, policy: OutboxPolicy, batchSize: number): Promise<OutboxRow[]> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const rows = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(isNull(outbox.processedAt), isNull(outbox.deadAt), lte(outbox.availableAt, now), notInArray(outbox.topic, [...SEARCH_TOPICS])))
      .orderBy(asc(outbox.availableAt), asc(outbox.id))
      .limit(batchSize)
      .for("update", { skipLocked: true });
    if (!rows.length) return [];
    return tx
      .update(outbox)
      .set({ attempts: sql`${outbox.attempts} + 1`, availableAt: new Date(now.getTime() + policy.leaseSeconds * 1000) })
      .where(inArray(outbox.id, rows.map((r) => r.id)))
      .returning({ id: outbox.id, topic: outbox.topic, payload: outbox.payload, attempts: outbox.attempts });
  });
}
