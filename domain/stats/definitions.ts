import { z } from "zod";
import type { Queryable } from "~/db/client";
import { getSetting } from "../settings";

/**
 * How the rates are defined, administrator data (settings key below) shown on the statistics
 * page. Rates are formed from the daily counts at read time, so changing a definition needs no
 * recomputation.
 */
export const STATS_DEFINITIONS_SETTING = "stats.definitions";

export const statsDefinitionsSchema = z.object({
  /** Rating levels that count as satisfied (5 非常满意 … 1 非常不满意). */
  satisfiedLevels: z.array(z.number().int().min(1).max(5)).min(1).max(5),
  /** Whether ratings applied by default (no answer in time) count in the satisfaction rate. */
  includeDefaulted: z.boolean(),
  /** Weights of the three rates in the ranking score. */
  weights: z.object({ response: z.number().min(0).max(10), resolution: z.number().min(0).max(10), satisfaction: z.number().min(0).max(10) }),
});
export type StatsDefinitions = z.infer<typeof statsDefinitionsSchema>;

export const DEFAULT_STATS_DEFINITIONS: StatsDefinitions = {
  satisfiedLevels: [5, 4, 3],
  includeDefaulted: true,
  weights: { response: 1, resolution: 1, satisfaction: 1 },
};

export function getStatsDefinitions(db: Queryable): Promise<StatsDefinitions> {
  return getSetting(db, STATS_DEFINITIONS_SETTING, statsDefinitionsSchema, DEFAULT_STATS_DEFINITIONS);
}
