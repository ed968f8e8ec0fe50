import { sql } from "drizzle-orm";
import { type Database, queryRows } from "~/db/client";
import { normalizeText, QUERY_STOP_WORDS, words } from "../analysis";
import { markdownToText } from "../documents";

/**
 * Second stage of the Postgres backend: the first RERANK_DEPTH candidates of the word-level
 * BM25F (SQL) are re-scored in TypeScript with a character-level BM25, fused with the word score
 * as a weighted sum of max-normalised scores:
 *
 *   score = word / maxWord + characterWeight · characters / maxCharacters
 *
 * Characters catch what segmentation cuts differently in question and answer (咬伤 vs 咬、抓伤,
 * 间距 vs 距离, 暴雪 vs 降雪). Their document frequencies over the indexed articles are kept in
 * memory (charStatsCache), rebuilt when the word statistics change. The candidate set, the filters
 * and the total stay the SQL stage's; only the order within the first RERANK_DEPTH rows changes,
 * and that depth does not depend on the page, so pages neither overlap nor skip.
 *
 * Measured on two halves of the dev questions (search/README.md): Recall@1 +1–2 points, MRR +1,
 * Recall@5 ±0.5. Character bigrams as a third signal measured no better and were left out.
 */
export interface RerankOptions {
  characterWeight: number;
  k1: number;
  b: number;
  /** A title occurrence counts this many body occurrences. */
  titleWeight: number;
}

export const DEFAULT_RERANK: RerankOptions = { characterWeight: 0.5, k1: 1.2, b: 0.75, titleWeight: 2 };

/** Candidates re-scored per query: cheap (a few hundred characters each), and deep enough. */
export const RERANK_DEPTH = 50;

interface Characters {
  counts: Map<string, number>;
  length: number;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/gu;

/** The letters and digits of a text, one string each (normalised as the analyser does). */
const lettersAndDigits = (text: string): string[] => normalizeText(text).match(LETTER_OR_DIGIT) ?? [];

/** The letters and digits of a text, counted (normalised as the analyser does). */
export function characterCounts(text: string, into: Characters = { counts: new Map(), length: 0 }, weight = 1): Characters {
  const characters = lettersAndDigits(text);
  for (const ch of characters) into.counts.set(ch, (into.counts.get(ch) ?? 0) + weight);
  into.length += characters.length;
  return into;
}

/** The query's characters, taken from the words that are not question words (怎么, 如何, 哪些 …). */
export function queryCharacters(query: string): string[] {
  return [...characterCounts(words(query).filter((w) => !QUERY_STOP_WORDS.has(w)).join(" ")).counts.keys()];
}

export interface CharStats {
  key: string;
  documents: number;
  avgLength: number;
  df: Map<string, number>;
}

const STATS_BATCH = 2000;

/** Document frequencies of characters over every indexed article (title and body). */
export async function loadCharStats(db: Database, key: string): Promise<CharStats> {
  const df = new Map<string, number>();
  let documents = 0;
  let totalLength = 0;
  for (let after = 0; ; ) {
    const rows = await queryRows<{ id: number; title: string; body: string }>(
      db,
      sql`select id, title, body from articles where search_vector is not null and id > ${after} order by id limit ${STATS_BATCH}`,
    );
    for (const row of rows) {
      const chars = characterCounts(`${row.title}\n${markdownToText(row.body)}`);
      for (const ch of chars.counts.keys()) df.set(ch, (df.get(ch) ?? 0) + 1);
      documents += 1;
      totalLength += chars.length;
    }
    if (rows.length < STATS_BATCH) break;
    after = Number(rows.at(-1)!.id);
  }
  return { key, documents, avgLength: documents ? totalLength / documents : 1, df };
}

/**
 * Keeps CharStats for a database: loaded on first use (awaited), rebuilt in the background when
 * the key (indexed documents and their total length) changes; the old figures serve meanwhile.
 */
export function charStatsCache(db: Database) {
  let current: CharStats | null = null;
  let loading: Promise<CharStats> | null = null;
  const load = (key: string) => {
    loading ??= loadCharStats(db, key).then(
      (stats) => {
        current = stats;
        loading = null;
        return stats;
      },
      (error: unknown) => {
        loading = null;
        throw error;
      },
    );
    return loading;
  };
  return {
    async get(key: string): Promise<CharStats> {
      if (!current) return load(key);
      if (current.key !== key && !loading) load(key).catch(() => {});
      return current;
    },
    invalidate() {
      current = null;
    },
  };
}

export interface RerankCandidate {
  id: number;
  title: string;
  body: string;
  /** The SQL stage's score. */
  score: number;
}

/** A candidate's text as this stage reads it: its letters and digits, title and body apart. */
export interface CandidateLetters {
  title: string;
  body: string;
  /** Letters and digits in all (title and body). */
  length: number;
}

export function candidateLetters({ title, body }: Pick<RerankCandidate, "title" | "body">): CandidateLetters {
  const titleLetters = lettersAndDigits(title);
  const bodyLetters = lettersAndDigits(markdownToText(body));
  return { title: titleLetters.join(""), body: bodyLetters.join(""), length: titleLetters.length + bodyLetters.length };
}

/**
 * Candidates' letters kept per article while its title and body stay the same, the most recently
 * used `limit` of them: normalising and extracting the text of 50 candidates was most of this
 * stage's time, and the same articles come back search after search.
 */
export function candidateLettersCache(limit = 5000) {
  const kept = new Map<number, { title: string; body: string; letters: CandidateLetters }>();
  return (candidate: RerankCandidate): CandidateLetters => {
    const hit = kept.get(candidate.id);
    kept.delete(candidate.id);
    const entry = hit && hit.title === candidate.title && hit.body === candidate.body ? hit : { title: candidate.title, body: candidate.body, letters: candidateLetters(candidate) };
    kept.set(candidate.id, entry);
    if (kept.size > limit) kept.delete(kept.keys().next().value!);
    return entry.letters;
  };
}

function occurrences(text: string, character: string): number {
  let count = 0;
  for (let at = text.indexOf(character); at >= 0; at = text.indexOf(character, at + character.length)) count += 1;
  return count;
}

/** New scores for the candidates (in the order given); the caller sorts. */
export function rerankScores(
  query: string,
  candidates: readonly RerankCandidate[],
  stats: CharStats,
  options: RerankOptions = DEFAULT_RERANK,
  lettersOf: (candidate: RerankCandidate) => CandidateLetters = candidateLetters,
): number[] {
  if (!candidates.length) return [];
  const characters = queryCharacters(query);
  const n = Math.max(stats.documents, candidates.length);
  const charScores = candidates.map((c) => {
    const letters = lettersOf(c);
    const norm = 1 - options.b + (options.b * letters.length) / Math.max(1, stats.avgLength);
    let score = 0;
    for (const ch of characters) {
      const tf = occurrences(letters.title, ch) * options.titleWeight + occurrences(letters.body, ch);
      if (!tf) continue;
      const df = Math.min(n, stats.df.get(ch) ?? 1);
      score += Math.log(1 + (n - df + 0.5) / (df + 0.5)) * ((tf * (options.k1 + 1)) / (tf + options.k1 * norm));
    }
    return score;
  });
  const max = (xs: readonly number[]) => Math.max(0, ...xs) || 1;
  const maxWord = max(candidates.map((c) => c.score));
  const maxChars = max(charScores);
  return candidates.map((c, i) => c.score / maxWord + (options.characterWeight * charScores[i]!) / maxChars);
}
