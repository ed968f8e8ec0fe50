import { z } from "zod";
import { recordAudit } from "../audit";
import { type CommandContext, parseInput } from "../command";
import { putSetting } from "../settings";
import { getStatsDefinitions, STATS_DEFINITIONS_SETTING, type StatsDefinitions, statsDefinitionsSchema } from "../stats/definitions";
import { configTarget } from "./shared";

const weight = z.number({ message: "stats_weight_invalid" }).min(0, "stats_weight_invalid").max(10, "stats_weight_invalid");

/** The same bounds as statsDefinitionsSchema, with an error code per field for the form. */
const inputSchema = z
  .object({
    satisfiedLevels: z
      .array(z.number({ message: "stats_levels_invalid" }).int("stats_levels_invalid").min(1, "stats_levels_invalid").max(5, "stats_levels_invalid"))
      .min(1, "stats_levels_empty")
      .max(5, "stats_levels_invalid")
      .refine((levels) => new Set(levels).size === levels.length, "stats_levels_invalid"),
    includeDefaulted: z.boolean({ message: "invalid_input" }),
    weights: z.object({ response: weight, resolution: weight, satisfaction: weight }),
  })
  .strict()
  .refine((d) => d.weights.response + d.weights.resolution + d.weights.satisfaction > 0, { message: "stats_weights_all_zero", path: ["weights"] });

/**
 * How the three rates are defined (统计口径): which rating levels count as satisfied, whether
 * defaulted ratings count, and the weights of the ranking score. Audited as a configuration change
 * with the old and new values; rates are formed at read time, so nothing is recomputed.
 */
export async function updateStatsDefinitions(ctx: CommandContext, raw: unknown): Promise<StatsDefinitions> {
  const parsed = parseInput(inputSchema, raw);
  const value = statsDefinitionsSchema.parse({ ...parsed, satisfiedLevels: [...parsed.satisfiedLevels].sort((a, b) => b - a) });
  return ctx.db.transaction(async (tx) => {
    const before = await getStatsDefinitions(tx);
    const at = ctx.clock.now();
    await putSetting(tx, STATS_DEFINITIONS_SETTING, value, at);
    await recordAudit(tx, { action: "settings.update", actor: ctx.actor, at, target: configTarget(STATS_DEFINITIONS_SETTING, "统计口径"), detail: { from: before, to: value } });
    return value;
  });
}
