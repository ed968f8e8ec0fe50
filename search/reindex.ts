import { asc, gt } from "drizzle-orm";
import type { Database } from "~/db/client";
import { articles } from "~/db/schema";
import type { SearchBackend } from "./backend";
import { toSearchDocument } from "./documents";

const BATCH = 200;

/**
 * Re-sends every article to `backend`, in batches, in id order. For the Postgres backend this
 * rewrites the vectors (after a change of segmentation or weights) and then recomputes the
 * statistics; for Meilisearch it replaces the documents.
 */
export async function reindexAll(
  db: Database,
  backend: SearchBackend & { reindexStats?: () => Promise<void> },
  onProgress: (done: number, total: number) => void = () => {},
): Promise<number> {
  const total = await db.$count(articles);
  let done = 0;
  let after = 0;
  for (;;) {
    const rows = await db.select().from(articles).where(gt(articles.id, after)).orderBy(asc(articles.id)).limit(BATCH);
    if (!rows.length) break;
    await backend.index(rows.map(toSearchDocument));
    after = rows.at(-1)!.id;
    done += rows.length;
    onProgress(done, total);
  }
  await backend.reindexStats?.();
  return done;
}
