import { and, asc, eq, gte, lte, sql } from "drizzle-orm";
import type { Queryable } from "~/db/client";
import { departmentDailyStats, departments } from "~/db/schema";
import { getStatsDefinitions, type StatsDefinitions } from "./definitions";

/** The summed daily counts of one department (or of all, for a total). */
export interface StatsCounts {
  received: number;
  signed: number;
  signedOnTime: number;
  replied: number;
  repliedOnTime: number;
  resolvedAnswered: number;
  resolvedYes: number;
  /** Index 0 = level 1 (非常不满意) … index 4 = level 5 (非常满意). */
  rated: number[];
  defaulted: number[];
  reworked: number;
  reworkRounds: number;
}

export interface Rates {
  /** 响应率: signed within the signing limit, of those signed. */
  response: number | null;
  /** 解决率: said "resolved", of those who answered the question. */
  resolution: number | null;
  /** 满意率: satisfied levels, of the ratings counted (see StatsDefinitions). */
  satisfaction: number | null;
  /** 按时办结率: replied within the handling limit, of those replied. */
  onTime: number | null;
  /** The weighted mean of the three rates present, for ranking. */
  score: number | null;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export function ratesOf(counts: StatsCounts, definitions: StatsDefinitions): Rates {
  const sumLevels = (byLevel: number[], only?: readonly number[]) =>
    byLevel.reduce((sum, n, index) => (only === undefined || only.includes(index + 1) ? sum + n : sum), 0);
  const counted = sumLevels(counts.rated) + (definitions.includeDefaulted ? sumLevels(counts.defaulted) : 0);
  const satisfied = sumLevels(counts.rated, definitions.satisfiedLevels) + (definitions.includeDefaulted ? sumLevels(counts.defaulted, definitions.satisfiedLevels) : 0);
  const rates = {
    response: ratio(counts.signedOnTime, counts.signed),
    resolution: ratio(counts.resolvedYes, counts.resolvedAnswered),
    satisfaction: ratio(satisfied, counted),
  };
  const weighted = (
    [
      [rates.response, definitions.weights.response],
      [rates.resolution, definitions.weights.resolution],
      [rates.satisfaction, definitions.weights.satisfaction],
    ] as const
  ).filter(([rate, weight]) => rate !== null && weight > 0) as [number, number][];
  const totalWeight = weighted.reduce((sum, [, w]) => sum + w, 0);
  return {
    ...rates,
    onTime: ratio(counts.repliedOnTime, counts.replied),
    score: totalWeight > 0 ? weighted.reduce((sum, [rate, w]) => sum + rate * w, 0) / totalWeight : null,
  };
}

const summed = {
  received: sql<number>`sum(${departmentDailyStats.received})::int`,
  signed: sql<number>`sum(${departmentDailyStats.signed})::int`,
  signedOnTime: sql<number>`sum(${departmentDailyStats.signedOnTime})::int`,
  replied: sql<number>`sum(${departmentDailyStats.replied})::int`,
  repliedOnTime: sql<number>`sum(${departmentDailyStats.repliedOnTime})::int`,
  resolvedAnswered: sql<number>`sum(${departmentDailyStats.resolvedAnswered})::int`,
  resolvedYes: sql<number>`sum(${departmentDailyStats.resolvedYes})::int`,
  rated: sql<number[]>`array[${sql.join([1, 2, 3, 4, 5].map((i) => sql`sum(${departmentDailyStats.rated}[${sql.raw(String(i))}])::int`), sql`, `)}]`,
  defaulted: sql<number[]>`array[${sql.join([1, 2, 3, 4, 5].map((i) => sql`sum(${departmentDailyStats.defaulted}[${sql.raw(String(i))}])::int`), sql`, `)}]`,
  reworked: sql<number>`sum(${departmentDailyStats.reworked})::int`,
  reworkRounds: sql<number>`sum(${departmentDailyStats.reworkRounds})::int`,
};

export interface Period {
  /** Local dates "YYYY-MM-DD", both included. */
  from: string;
  to: string;
}

/**
 * 三率 and more per department over a period, best score first (departments with no tickets in the
 * period are left out). `departmentId` limits it to one department (a department lead's view).
 */
export async function departmentRanking(db: Queryable, period: Period, departmentId: number | null = null) {
  const definitions = await getStatsDefinitions(db);
  const rows = await db
    .select({ departmentId: departmentDailyStats.departmentId, name: departments.name, code: departments.code, ...summed })
    .from(departmentDailyStats)
    .innerJoin(departments, eq(departments.id, departmentDailyStats.departmentId))
    .where(and(gte(departmentDailyStats.day, period.from), lte(departmentDailyStats.day, period.to), departmentId === null ? undefined : eq(departmentDailyStats.departmentId, departmentId)))
    .groupBy(departmentDailyStats.departmentId, departments.name, departments.code);
  const ranked = rows
    .map((row) => ({ ...row, rates: ratesOf(row, definitions) }))
    .sort((a, b) => (b.rates.score ?? -1) - (a.rates.score ?? -1) || a.code.localeCompare(b.code));
  return { definitions, rows: ranked.map((row, index) => ({ ...row, rank: index + 1 })) };
}

/** The rates day by day (all departments together, or one), for trend charts. */
export async function ratesByDay(db: Queryable, period: Period, departmentId: number | null = null) {
  const definitions = await getStatsDefinitions(db);
  const rows = await db
    .select({ day: departmentDailyStats.day, ...summed })
    .from(departmentDailyStats)
    .where(and(gte(departmentDailyStats.day, period.from), lte(departmentDailyStats.day, period.to), departmentId === null ? undefined : eq(departmentDailyStats.departmentId, departmentId)))
    .groupBy(departmentDailyStats.day)
    .orderBy(asc(departmentDailyStats.day));
  return { definitions, rows: rows.map((row) => ({ ...row, rates: ratesOf(row, definitions) })) };
}
