import { eq, sql } from "drizzle-orm";
import { type Queryable, queryRows } from "~/db/client";
import { articles, searchTermStats } from "~/db/schema";
import type { ArticleIndexer } from "~/domain/knowledge/articles";
import { type SearchDocument, toSearchDocument } from "../documents";
import { buildVector } from "./vector";

/**
 * Writes the Postgres backend's columns of one article (search_vector, search_length,
 * search_title) and keeps the document-frequency statistics in step, inside the caller's
 * transaction. This is the Postgres backend's strength: the article and its index change in the
 * same commit, so a search never sees one without the other.
 *
 * The statistics row '' is locked first by every writer, which serialises concurrent index
 * writes (article edits are rare) and so rules out deadlocks on the per-term rows.
 */
export async function writeArticleIndex(db: Queryable, doc: SearchDocument): Promise<void> {
  const vector = buildVector(doc);
  await db
    .insert(searchTermStats)
    .values({ term: "", docCount: 0, totalLength: 0 })
    .onConflictDoUpdate({ target: searchTermStats.term, set: { docCount: sql`${searchTermStats.docCount}` } });
  const [old] = await queryRows<{ indexed: boolean; length: number; lexemes: string[] | null }>(
    db,
    sql`select search_vector is not null as indexed, search_length as length, tsvector_to_array(search_vector) as lexemes
        from ${articles} where ${articles.id} = ${doc.id} for update`,
  );
  if (!old) return;
  const oldLexemes = old.lexemes ?? [];
  if (oldLexemes.length) {
    await db.execute(sql`update ${searchTermStats} set doc_count = doc_count - 1 where term = any(${toArray(oldLexemes)}::text[]) and term <> ''`);
  }
  await db
    .update(articles)
    .set({ searchVector: vector.literal, searchLength: vector.length, searchTitle: vector.segmentedTitle, searchTraits: vector.traits })
    .where(eq(articles.id, doc.id));
  if (vector.lexemes.length) {
    await db.execute(sql`
      insert into ${searchTermStats} (term, doc_count)
      select t, 1 from unnest(${toArray(vector.lexemes)}::text[]) as t order by t
      on conflict (term) do update set doc_count = ${searchTermStats.docCount} + 1`);
  }
  if (oldLexemes.length) await db.execute(sql`delete from ${searchTermStats} where doc_count <= 0 and term <> ''`);
  await db.execute(sql`
    update ${searchTermStats}
    set doc_count = doc_count + ${old.indexed ? 0 : 1}, total_length = total_length + ${vector.length - Number(old.length)}
    where term = ''`);
}

/** Reads an article and indexes it: what domain/knowledge commands call inside their transaction. */
export const postgresArticleIndexer: ArticleIndexer = {
  async indexArticle(db, articleId) {
    const [row] = await db.select().from(articles).where(eq(articles.id, articleId));
    if (row) await writeArticleIndex(db, toSearchDocument(row));
  },
};

/**
 * Recomputes the statistics from the stored vectors (after a bulk reindex, or to repair them).
 * ts_stat counts, per lexeme, the documents that contain it.
 */
export async function rebuildTermStats(db: Queryable): Promise<void> {
  await db.execute(sql`delete from ${searchTermStats}`);
  await db.execute(sql`
    insert into ${searchTermStats} (term, doc_count)
    select word, ndoc from ts_stat('select search_vector from articles where search_vector is not null')`);
  await db.execute(sql`
    insert into ${searchTermStats} (term, doc_count, total_length)
    select '', count(*), coalesce(sum(search_length), 0) from ${articles} where search_vector is not null`);
}

/** A text[] parameter literal: both drivers accept `{…}` strings cast to text[]. */
export function toArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}
