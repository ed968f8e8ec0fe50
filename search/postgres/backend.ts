import { inArray, sql, type SQL } from "drizzle-orm";
import { type Database, queryRows } from "~/db/client";
import { articles, searchTermStats } from "~/db/schema";
import { getSynonymSets } from "~/domain/knowledge/synonyms";
import { analyzeQuery, highlightTerms, normalizeText, type QueryConcept, type SynonymSets, words } from "../analysis";
import { wantedTraits } from "../answer-types";
import { clampPage, effectiveFilters, type SearchBackend, type SearchRequest, type SearchResult } from "../backend";
import { markdownToText, type SearchDocument } from "../documents";
import { buildSnippet } from "../snippet";
import { rebuildTermStats, writeArticleIndex } from "./index-writer";
import { charStatsCache, DEFAULT_RERANK, RERANK_DEPTH, type RerankOptions, rerankScores } from "./rerank";
import { phraseQuery } from "./vector";

/**
 * The embedded search backend: PostgreSQL full-text search over application-segmented text
 * (works on PGlite and on a PostgreSQL server alike).
 *
 * Ranking is BM25 built from PostgreSQL's own functions. For a single-lexeme tsquery,
 * `ts_rank_cd(weights, vector, query, 0)` is the sum of the field weights of the lexeme's
 * occurrences — a field-weighted term frequency (BM25F). Each query concept scores
 *   idf × tf·(k1+1) / (tf + k1·(1 − b + b·length/avgLength))
 * for its best alternative (the word itself, the shorter words inside it, its synonyms), with
 * IDF from the document frequencies kept in search_term_stats. Short queries also get pg_trgm
 * word similarity against the segmented title, which catches partial and misspelt words.
 * The first RERANK_DEPTH rows are then re-scored with a character-level BM25 (./rerank.ts).
 */
export interface RankingOptions {
  /**
   * Relative weights of an occurrence in the body (C), the structured fields and department (B)
   * and the title (A). A body occurrence counts 1 in the term frequency.
   */
  weights: { body: number; fields: number; title: number };
  k1: number;
  b: number;
  /** Weight of pg_trgm word similarity (0–1) for short queries, in IDF units. */
  trigramWeight: number;
  /** Alternatives matching more than this share of documents only score, they do not select candidates. */
  candidateMaxShare: number;
  /** …unless they match fewer documents than this. */
  candidateMinDocs: number;
  /** Score bonus (share) for an article whose answer type fits the question (search/answer-types.ts). */
  answerTypeBonus: number;
  /** Character-level second stage over the first RERANK_DEPTH candidates (postgres/rerank.ts); null = off. */
  rerank: RerankOptions | null;
}

export const DEFAULT_RANKING: RankingOptions = {
  weights: { body: 1, fields: 1.5, title: 2 },
  k1: 1.2,
  b: 0.75,
  trigramWeight: 3,
  candidateMaxShare: 0.05,
  candidateMinDocs: 0,
  answerTypeBonus: 0.15,
  rerank: DEFAULT_RERANK,
};

/** Queries of at most this many characters, or one concept, also match by trigram similarity. */
const SHORT_QUERY_CHARS = 6;
const SYNONYM_CACHE_MS = 5_000;
/** Concepts scored per query; longer queries keep their rarest (most telling) words. */
const MAX_CONCEPTS = 12;

interface ScoredAlternative {
  tsquery: string;
  lexemes: string[];
  weight: number;
  docCount: number;
}

export function createPostgresBackend(db: Database, ranking: RankingOptions = DEFAULT_RANKING): SearchBackend & {
  reindexStats(): Promise<void>;
  invalidateSynonyms(): void;
} {
  let synonymCache: { at: number; sets: SynonymSets } | null = null;
  const charStats = charStatsCache(db);
  async function synonyms(): Promise<SynonymSets> {
    if (!synonymCache || Date.now() - synonymCache.at > SYNONYM_CACHE_MS) {
      synonymCache = { at: Date.now(), sets: await getSynonymSets(db) };
    }
    return synonymCache.sets;
  }

  return {
    name: "postgres",

    async index(documents: readonly SearchDocument[]) {
      for (const doc of documents) {
        await db.transaction((tx) => writeArticleIndex(tx, doc));
      }
    },

    async remove(ids: readonly number[]) {
      // An article leaves the index by its status (archived) and stays in the table; removing
      // its vector (for a hard delete) keeps the statistics right.
      if (!ids.length) return;
      await db
        .update(articles)
        .set({ searchVector: null, searchLength: 0, searchTitle: "", searchTraits: 0 })
        .where(inArray(articles.id, [...ids]));
      await rebuildTermStats(db);
    },

    reindexStats: () => rebuildTermStats(db),
    invalidateSynonyms() {
      synonymCache = null;
    },

    async search(request: SearchRequest): Promise<SearchResult> {
      const started = performance.now();
      const { limit, offset } = clampPage(request);
      const q = normalizeText(request.q);
      let concepts = analyzeQuery(q, await synonyms());
      // A query of nothing but question words still means something to the person typing it.
      if (!concepts.length) concepts = words(q).map((w) => ({ text: w, alternatives: [{ words: [w], factor: 1 }] }));
      if (!concepts.length) return { hits: [], total: 0, tookMs: elapsed(started), backend: "postgres" };

      const stats = await loadStats(db, concepts);
      const scored = concepts.map((c) =>
        c.alternatives.map((alt): ScoredAlternative => {
          const docCount = Math.max(...alt.words.map((w) => stats.docCounts.get(w) ?? 0));
          const rarest = Math.min(...alt.words.map((w) => stats.docCounts.get(w) ?? 0));
          // A phrase is at least as rare as its rarest word.
          const df = alt.words.length > 1 ? rarest : docCount;
          return { tsquery: phraseQuery(alt.words), lexemes: alt.words, weight: alt.factor * idf(stats.documents, df), docCount: df };
        }),
      );
      // A pasted paragraph is not a query: score its most specific concepts only.
      if (scored.length > MAX_CONCEPTS) {
        const strength = (alts: ScoredAlternative[]) => Math.max(0, ...alts.filter((a) => a.docCount > 0).map((a) => a.weight));
        const keep = new Set([...scored].sort((x, y) => strength(y) - strength(x)).slice(0, MAX_CONCEPTS));
        scored.splice(0, scored.length, ...scored.filter((alts) => keep.has(alts)));
      }
      const all = scored.flat().filter((a) => a.docCount > 0);
      const shortQuery = [...q.replace(/\s/g, "")].length <= SHORT_QUERY_CHARS || concepts.length === 1;
      if (!all.length && !shortQuery) return { hits: [], total: 0, tookMs: elapsed(started), backend: "postgres" };

      // Candidates: documents holding any selective alternative (the GIN index answers this).
      const selective = all.filter((a) => a.docCount <= Math.max(ranking.candidateMinDocs, stats.documents * ranking.candidateMaxShare));
      const chosen = selective.length ? selective : [...all].sort((x, y) => x.docCount - y.docCount).slice(0, 2);
      const candidateQuery = chosen.map((a) => `(${a.tsquery})`).join(" | ");

      const segmented = words(q).join(" ");
      // ts_rank_cd accepts weights up to 1: scale them down, and the result back up.
      const { body, fields, title } = ranking.weights;
      const top = Math.max(body, fields, title);
      const weights = `{0,${body / top},${fields / top},${title / top}}`;
      const tfColumns = all.map(
        (a, i) => sql`ts_rank_cd(${weights}::float4[], a.search_vector, ${a.tsquery}::tsquery, 0) * ${top}::float8 as ${sql.raw(`tf${i}`)}`,
      );
      const k1 = ranking.k1;
      const conceptScores = scored
        .map((alts) => alts.filter((a) => a.docCount > 0).map((a) => all.indexOf(a)))
        .filter((indexes) => indexes.length)
        .map((indexes) => {
          const parts = indexes.map((i) => sql`${all[i]!.weight}::float8 * tf.${sql.raw(`tf${i}`)} * ${k1 + 1} / (tf.${sql.raw(`tf${i}`)} + ${k1} * n.norm)`);
          return parts.length === 1 ? parts[0]! : sql`greatest(${sql.join(parts, sql`, `)})`;
        });
      const trigram = shortQuery
        ? sql`${ranking.trigramWeight}::float8 * word_similarity(${segmented}, a.search_title)`
        : sql`0`;
      const wanted = ranking.answerTypeBonus > 0 ? wantedTraits(request.q) : [];
      const fit = wanted.length
        ? sql`(1 + ${ranking.answerTypeBonus / wanted.length}::float8 * (${sql.join(
            wanted.map((bit) => sql`(a.search_traits & ${bit} <> 0)::int`),
            sql` + `,
          )}))`
        : sql`1`;
      const score = sql`(${sql.join([...conceptScores, trigram], sql` + `)}) * ${fit}`;

      const filters = filterConditions(request);
      const matches: SQL[] = [];
      if (candidateQuery) matches.push(sql`a.search_vector @@ ${candidateQuery}::tsquery`);
      if (shortQuery) matches.push(sql`${segmented} <% a.search_title`);
      const avgLength = stats.documents ? Math.max(1, stats.totalLength / stats.documents) : 1;
      // The SQL stage ranks; the first RERANK_DEPTH rows are then re-scored (always the same
      // depth, whatever the page, so that pages do not overlap or skip).
      const rerank = ranking.rerank;
      const depth = rerank ? Math.max(RERANK_DEPTH, offset + limit) : limit;

      const rows = await queryRows<{
        id: number;
        external_id: string | null;
        title: string;
        department_name: string | null;
        body: string;
        score: number;
        total: number;
      }>(
        db,
        sql`select a.id, a.external_id, a.title, a.department_name, a.body, s.score, count(*) over () as total
            from ${articles} a
            cross join lateral (select (1 - ${ranking.b}::float8 + ${ranking.b}::float8 * a.search_length / ${avgLength}::float8) as norm) n
            cross join lateral (select ${tfColumns.length ? sql.join(tfColumns, sql`, `) : sql`0 as tf0`}) tf
            cross join lateral (select ${score} as score) s
            where (${sql.join(matches, sql` or `)}) and ${sql.join(filters, sql` and `)}
            order by s.score desc, a.id
            limit ${depth} offset ${rerank ? 0 : offset}`,
      );
      let page = rows;
      if (rerank) {
        const head = rows.slice(0, RERANK_DEPTH).map((r) => ({ ...r, score: Number(r.score) }));
        if (head.length > 1) {
          const chars = await charStats.get(`${stats.documents}:${stats.totalLength}`);
          const fused = rerankScores(q, head, chars, rerank);
          // Rows below the depth keep their word score, normalised the same way, which is never above a re-scored row's.
          const maxWord = Math.max(0, ...head.map((r) => r.score)) || 1;
          head.forEach((r, i) => (r.score = fused[i]!));
          head.sort((x, y) => y.score - x.score || Number(x.id) - Number(y.id));
          page = [...head, ...rows.slice(RERANK_DEPTH).map((r) => ({ ...r, score: Number(r.score) / maxWord }))];
        }
        page = page.slice(offset, offset + limit);
      }
      const terms = highlightTerms(concepts);
      const termWeights = new Map(all.map((a) => [a.lexemes.join(""), a.weight]));
      return {
        hits: page.map((r) => ({
          id: Number(r.id),
          externalId: r.external_id,
          title: r.title,
          department: r.department_name,
          snippet: buildSnippet(markdownToText(r.body), terms, termWeights),
          score: Math.round(Number(r.score) * 1000) / 1000,
        })),
        total: rows.length ? Number(rows[0]!.total) : 0,
        tookMs: elapsed(started),
        backend: "postgres",
      };
    },
  };
}

/** BM25's IDF; never negative. */
function idf(documents: number, docCount: number): number {
  return Math.log(1 + (documents - docCount + 0.5) / (docCount + 0.5));
}

async function loadStats(db: Database, concepts: readonly QueryConcept[]) {
  const lexemes = [...new Set(concepts.flatMap((c) => c.alternatives.flatMap((a) => a.words)))];
  const rows = await db
    .select({ term: searchTermStats.term, docCount: searchTermStats.docCount, totalLength: searchTermStats.totalLength })
    .from(searchTermStats)
    .where(inArray(searchTermStats.term, ["", ...lexemes]));
  const total = rows.find((r) => r.term === "");
  return {
    documents: total?.docCount ?? 0,
    totalLength: total?.totalLength ?? 0,
    docCounts: new Map(rows.filter((r) => r.term !== "").map((r) => [r.term, r.docCount])),
  };
}

function filterConditions(request: SearchRequest): SQL[] {
  const f = effectiveFilters(request);
  const list = (values: readonly (string | number)[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);
  const out: SQL[] = [
    sql`a.status in (${list(f.statuses)})`,
    sql`a.visibility in (${list(f.visibilities)})`,
    sql`a.search_vector is not null`,
  ];
  if (f.types?.length) out.push(sql`a.type in (${list(f.types)})`);
  if (f.departmentIds?.length) out.push(sql`a.department_id in (${list(f.departmentIds)})`);
  if (f.departmentNames?.length) out.push(sql`a.department_name in (${list(f.departmentNames)})`);
  return out;
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

