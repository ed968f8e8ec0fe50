import { sql, type SQL } from "drizzle-orm";
import { articles } from "~/db/schema";
import { bm25fScore, type ScoredAlternative, type ScoreSettings } from "./bm25f";

/**
 * First stage of the Postgres backend's ranking: a bounded candidate set.
 *
 * Scoring an article costs one ts_rank_cd per query alternative; scoring every article that
 * matches any selective alternative took 0.6 s a query at 100,000 articles. Here only the
 * alternatives read by the GIN index are scored — taken rarest first up to a budget of
 * postings (`selectWithinBudget`), so the rare words decide which articles are worth scoring
 * and the common ones only add to the score of those — and the best `limit` articles go on to
 * the full score (./backend.ts). `total` counts the articles the looked-up alternatives (and,
 * for short queries, the title similarity) match.
 */
export interface CandidateAlternative extends ScoredAlternative {
  /** Index of its concept in the query: a concept counts once, by its best alternative. */
  concept: number;
}

/** The rarest alternatives whose postings add up to at most `budget`; at least the rarest one. */
export function selectWithinBudget<T extends { docCount: number }>(alternatives: readonly T[], budget: number): T[] {
  const out: T[] = [];
  let postings = 0;
  for (const alternative of [...alternatives].sort((x, y) => x.docCount - y.docCount)) {
    if (out.length && postings + alternative.docCount > budget) break;
    out.push(alternative);
    postings += alternative.docCount;
  }
  return out;
}

export interface CandidateStage {
  alternatives: readonly CandidateAlternative[];
  /** The score settings of the full score (the trigram part also selects, for short queries). */
  settings: ScoreSettings;
  /** Conditions on `a` (status, visibility, type, department). */
  filters: readonly SQL[];
  limit: number;
}

/** A query yielding `(id, total)`: the best `limit` candidates and the number of all matches. */
export function candidateQuery(stage: CandidateStage): SQL {
  const byConcept = new Map<number, CandidateAlternative[]>();
  for (const a of stage.alternatives) byConcept.set(a.concept, [...(byConcept.get(a.concept) ?? []), a]);
  const { joins, score } = bm25fScore([...byConcept.values()], stage.settings);
  const matches: SQL[] = [];
  if (stage.alternatives.length) matches.push(sql`a.search_vector @@ ${stage.alternatives.map((a) => `(${a.tsquery})`).join(" | ")}::tsquery`);
  if (stage.settings.trigram) matches.push(sql`${stage.settings.trigram.text} <% a.search_title`);
  // Materialised, so that the count over all matches carries (id, score), not the vectors.
  return sql`
    with scored as materialized (
      select a.id, ${score} as score
      from ${articles} a ${joins}
      where (${sql.join(matches, sql` or `)}) and ${sql.join([...stage.filters], sql` and `)}
    )
    select id, count(*) over () as total from scored
    order by score desc, id
    limit ${stage.limit}`;
}
