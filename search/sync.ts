import { and, asc, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Database } from "~/db/client";
import { articles, outbox } from "~/db/schema";
import type { Clock } from "~/domain/clock";
import { getSynonymSets } from "~/domain/knowledge/synonyms";
import type { SynonymSets } from "./analysis";
import type { SearchBackend } from "./backend";
import { toSearchDocument } from "./documents";

/**
 * Carries the knowledge base's outbox rows to an external index (Meilisearch) after commit:
 * `search.index` {articleId} → the article's current document (every status: the backend's
 * filters decide who sees what), or a removal when the article is gone; `search.synonyms` →
 * the synonym setting. Rows that fail are retried with a growing delay, so when Meilisearch was
 * down the index catches up once it answers again. Meant to run in the worker loop.
 */
export const SEARCH_TOPICS = ["search.index", "search.synonyms"] as const;

export interface ExternalIndex extends SearchBackend {
  ensureSettings(synonyms: SynonymSets): Promise<void>;
}

export async function processSearchOutbox(db: Database, index: ExternalIndex, clock: Clock, batch = 200): Promise<{ processed: number; failed: number }> {
  const now = clock.now();
  const rows = await db
    .select()
    .from(outbox)
    .where(and(inArray(outbox.topic, [...SEARCH_TOPICS]), isNull(outbox.processedAt), lte(outbox.availableAt, now)))
    .orderBy(asc(outbox.id))
    .limit(batch);
  if (!rows.length) return { processed: 0, failed: 0 };
  try {
    if (rows.some((r) => r.topic === "search.synonyms")) await index.ensureSettings(await getSynonymSets(db));
    const ids = [...new Set(rows.filter((r) => r.topic === "search.index").map((r) => Number(r.payload.articleId)))].filter(Number.isInteger);
    if (ids.length) {
      const found = await db.select().from(articles).where(inArray(articles.id, ids));
      await index.index(found.map(toSearchDocument));
      const gone = ids.filter((id) => !found.some((a) => a.id === id));
      if (gone.length) await index.remove(gone);
    }
    await db.update(outbox).set({ processedAt: clock.now(), lastError: null }).where(inArray(outbox.id, rows.map((r) => r.id)));
    return { processed: rows.length, failed: 0 };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Retry after 2^attempts seconds, at most an hour.
    await db
      .update(outbox)
      .set({
        attempts: sql`${outbox.attempts} + 1`,
        lastError: message.slice(0, 1000),
        availableAt: sql`${now.toISOString()}::timestamptz + least(power(2, ${outbox.attempts} + 1), 3600) * interval '1 second'`,
      })
      .where(inArray(outbox.id, rows.map((r) => r.id)));
    return { processed: 0, failed: rows.length };
  }
}

/** Pending search rows (for health checks and tests). */
export async function countPendingSearchRows(db: Database): Promise<number> {
  return db.$count(outbox, and(inArray(outbox.topic, [...SEARCH_TOPICS]), isNull(outbox.processedAt)));
}

