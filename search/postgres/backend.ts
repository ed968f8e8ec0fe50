import { inArray, sql, type SQL } from "drizzle-orm";
import { type Database, queryRows } from "~/db/client";
import { articles, searchTermStats } from "~/db/schema";
import { getSynonymSets } from "~/domain/knowledge/synonyms";
import { analyzeQuery, highlightTerms, normalizeText, type QueryConcept, type SynonymSets, words } from "../analysis";
import { wantedTraits } from "../answer-types";
import { clampPage, effectiveFilters, type SearchBackend, type SearchRequest, type SearchResult } from "../backend";
import { markdownToText, type SearchDocument } from "../documents";
import { buildSnippet } from "../snippet";
import { bm25fScore, type ScoredAlternative, type ScoreSettings } from "./bm25f";
import { type CandidateAlternative, candidateQuery, selectWithinBudget } from "./candidates";
import { rebuildTermStats, writeArticleIndex } from "./index-writer";
import { candidateLettersCache, charStatsCache, DEFAULT_RERANK, RERANK_DEPTH, type RerankOptions, rerankScores } from "./rerank";
import { phraseQuery } from "./vector";

/**
 * The embedded search backend: PostgreSQL full-text search over application-segmented text
 * (works on PGlite and on a PostgreSQL server alike).
 *
 * Ranking is BM25F built from PostgreSQL's own functions (./bm25f.ts), with IDF from the
 * document frequencies kept in search_term_stats. Each query concept is matched by its best
 * alternative (the word itself, the shorter words inside it, its synonyms); short queries also
 * get pg_trgm word similarity against the segmented title, which catches partial and misspelt
 * words. A first stage (./candidates.ts) scores the articles that the rarest alternatives match
 * and keeps the best `candidateLimit`; those get the full score, and the first RERANK_DEPTH rows
 * are then re-scored with a character-level BM25 (./rerank.ts).
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
  /** Articles scored with BM25F per query: the best of the first stage (./candidates.ts). */
  candidateLimit: number;
  /** Postings (alternative, article pairs) the first stage reads at most, rarest alternatives first. */
  candidatePostings: number;
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
  candidateLimit: 500,
  candidatePostings: 5000,
  answerTypeBonus: 0.15,
  rerank: DEFAULT_RERANK,
};

/** Queries of at most this many characters, or one concept, also match by trigram similarity. */
const SHORT_QUERY_CHARS = 6;
const SYNONYM_CACHE_MS = 5_000;
/** Concepts scored per query; longer queries keep their rarest (most telling) words. */
const MAX_CONCEPTS = 12;

export function createPostgresBackend(db: Database, ranking: RankingOptions = DEFAULT_RANKING): SearchBackend & {
  reindexStats(): Promise<void>;
  invalidateSynonyms(): void;
} {
  let synonymCache: { at: number; sets: SynonymSets } | null = null;
  const charStats = charStatsCache(db);
  const rerankLetters = candidateLettersCache();
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
      const firstStage = selectWithinBudget(
        chosen.map((a): CandidateAlternative => ({ ...a, concept: scored.findIndex((alts) => alts.includes(a)) })),
        ranking.candidatePostings,
      );

      const settings: ScoreSettings = {
        weights: ranking.weights,
        k1: ranking.k1,
        b: ranking.b,
        avgLength: stats.documents ? Math.max(1, stats.totalLength / stats.documents) : 1,
        trigram: shortQuery ? { text: words(q).join(" "), weight: ranking.trigramWeight } : null,
        wantedTraits: wantedTraits(request.q),
        answerTypeBonus: ranking.answerTypeBonus,
      };
      const full = bm25fScore(
        scored.map((alts) => alts.filter((a) => a.docCount > 0)),
        settings,
      );
      // The SQL stage ranks; the first RERANK_DEPTH rows are then re-scored (always the same
      // depth, whatever the page, so that pages do not overlap or skip).
      const rerank = ranking.rerank;
      const depth = rerank ? Math.max(RERANK_DEPTH, offset + limit) : limit;
      // The candidate set does not depend on the page either; a page past it extends it.
      const candidates = candidateQuery({
        alternatives: firstStage,
        settings,
        filters: filterConditions(request),
        limit: Math.max(ranking.candidateLimit, depth, offset + limit),
      });

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
        sql`with candidates as (${candidates})
            select a.id, a.external_id, a.title, a.department_name, a.body, s.score, c.total
            from candidates c
            join ${articles} a on a.id = c.id ${full.joins}
            cross join lateral (select ${full.score} as score) s
            order by s.score desc, a.id
            limit ${depth} offset ${rerank ? 0 : offset}`,
      );
      let page = rows;
      if (rerank) {
        const head = rows.slice(0, RERANK_DEPTH).map((r) => ({ ...r, id: Number(r.id), score: Number(r.score) }));
        if (head.length > 1) {
          const chars = await charStats.get(`${stats.documents}:${stats.totalLength}`);
          const fused = rerankScores(q, head, chars, rerank, rerankLetters);
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

