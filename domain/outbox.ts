import { and, count, desc, eq, isNotNull, isNull } from "drizzle-orm";
import type { Queryable } from "~/db/client";
import { outbox } from "~/db/schema";
import { recordAudit } from "./audit";
import type { CommandContext } from "./command";
import { conflict, notFound } from "./errors";

export const DEAD_LETTERS_PAGE_SIZE = 50;

/** Outbox rows whose attempts ran out, newest first: what an administrator must look at. */
export async function listDeadLetters(db: Queryable, page: number) {
  const where = isNotNull(outbox.deadAt);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(outbox)
      .where(where)
      .orderBy(desc(outbox.deadAt), desc(outbox.id))
      .limit(DEAD_LETTERS_PAGE_SIZE)
      .offset((page - 1) * DEAD_LETTERS_PAGE_SIZE),
    db.select({ n: count() }).from(outbox).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Rows still to be delivered (each partial index answers its own count). */
export async function countPendingOutbox(db: Queryable): Promise<number> {
  const [row] = await db.select({ n: count() }).from(outbox).where(and(isNull(outbox.processedAt), isNull(outbox.deadAt)));
  return row?.n ?? 0;
}

/** Rows whose attempts ran out and wait for an administrator (the dead-letter partial index). */
export async function countDeadOutbox(db: Queryable): Promise<number> {
  const [row] = await db.select({ n: count() }).from(outbox).where(isNotNull(outbox.deadAt));
  return row?.n ?? 0;
}

/** Sends a dead row round again, from a clean attempt count; audited. */
export async function retryDeadLetter(ctx: CommandContext, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(outbox).where(eq(outbox.id, id)).for("update");
    if (!row) throw notFound("outbox_row_not_found");
    if (!row.deadAt) throw conflict("outbox_row_not_dead");
    const now = ctx.clock.now();
    await tx.update(outbox).set({ deadAt: null, attempts: 0, availableAt: now }).where(eq(outbox.id, id));
    await recordAudit(tx, {
      action: "outbox.retry",
      actor: ctx.actor,
      at: now,
      target: { type: "outbox", id, label: row.topic },
      detail: { lastError: row.lastError, attempts: row.attempts },
    });
  });
}
