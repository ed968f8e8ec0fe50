import { sql, type SQL } from "drizzle-orm";

/**
 * The SQL of the Postgres backend's word-level score, for the articles of a query aliased `a`.
 *
 * For a single-lexeme tsquery, `ts_rank_cd(weights, vector, query, 0)` is the sum of the field
 * weights of the lexeme's occurrences — a field-weighted term frequency (BM25F). Each query
 * concept scores
 *   idf × tf·(k1+1) / (tf + k1·(1 − b + b·length/avgLength))
 * for its best alternative; short queries add pg_trgm word similarity against the segmented
 * title, and the sum is multiplied by the answer-type factor.
 */
export interface ScoredAlternative {
  /** tsquery literal: a word, or a phrase of words. */
  tsquery: string;
  lexemes: string[];
  /** factor × IDF. */
  weight: number;
  /** Articles it matches (search_term_stats); for a phrase, those of its rarest word. */
  docCount: number;
}

export interface ScoreSettings {
  /** Relative weights of an occurrence in the body (C), the fields (B) and the title (A). */
  weights: { body: number; fields: number; title: number };
  k1: number;
  b: number;
  avgLength: number;
  /** Short queries: the segmented query and its weight (in IDF units) against search_title. */
  trigram: { text: string; weight: number } | null;
  /** Answer-type bits the question asks for, and the bonus (a share) an article having them gets. */
  wantedTraits: readonly number[];
  answerTypeBonus: number;
}

export interface ScoreSql {
  /** Lateral joins to add after `from articles a` (they define `v`, `n` and `tf`). */
  joins: SQL;
  /** The score, over `a` and those joins. */
  score: SQL;
}

/** The score of `concepts` (each a list of alternatives, the best of which counts). */
export function bm25fScore(concepts: readonly (readonly ScoredAlternative[])[], settings: ScoreSettings): ScoreSql {
  const alternatives = concepts.flat();
  // ts_rank_cd accepts weights up to 1: scale them down, and the result back up.
  const { body, fields, title } = settings.weights;
  const top = Math.max(body, fields, title);
  const weights = `{0,${body / top},${fields / top},${title / top}}`;
  const tf = (i: number) => sql.raw(`tf.tf${i}`);
  const tfColumns = alternatives.map(
    (a, i) => sql`ts_rank_cd(${weights}::float4[], v.vector, ${a.tsquery}::tsquery, 0) * ${top}::float8 as ${sql.raw(`tf${i}`)}`,
  );
  const { k1, b } = settings;
  const parts = concepts
    .filter((alts) => alts.length)
    .map((alts) => {
      const each = alts.map((a) => {
        const i = alternatives.indexOf(a);
        return sql`${a.weight}::float8 * ${tf(i)} * ${k1 + 1} / (${tf(i)} + ${k1} * n.norm)`;
      });
      return each.length === 1 ? each[0]! : sql`greatest(${sql.join(each, sql`, `)})`;
    });
  if (settings.trigram) parts.push(sql`${settings.trigram.weight}::float8 * word_similarity(${settings.trigram.text}, a.search_title)`);
  const wanted = settings.answerTypeBonus > 0 ? settings.wantedTraits : [];
  const fit = wanted.length
    ? sql`(1 + ${settings.answerTypeBonus / wanted.length}::float8 * (${sql.join(
        wanted.map((bit) => sql`(a.search_traits & ${bit} <> 0)::int`),
        sql` + `,
      )}))`
    : sql`1`;
  return {
    // `v.vector` is one decompressed copy of the article's vector for all the ts_rank_cd calls,
    // each of which would otherwise fetch and decompress it again (OFFSET 0 keeps the copy from
    // being inlined into every call).
    joins: sql`
      cross join lateral (select a.search_vector || ''::tsvector as vector offset 0) v
      cross join lateral (select (1 - ${b}::float8 + ${b}::float8 * a.search_length / ${settings.avgLength}::float8) as norm) n
      cross join lateral (select ${tfColumns.length ? sql.join(tfColumns, sql`, `) : sql`0 as tf0`}) tf`,
    score: sql`(${parts.length ? sql.join(parts, sql` + `) : sql`0`}) * ${fit}`,
  };
}
