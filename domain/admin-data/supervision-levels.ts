import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "~/db/client";
import { ADDRESSEES, SUPERVISION_LEVELS, type SupervisionLevel, type SupervisionLevelRule, supervisionLevels } from "~/db/schema";
import { recordAudit } from "../audit";
import { type CommandContext, parseInput } from "../command";
import { invalidInput, notFound } from "../errors";
import { NOTICE_PLACEHOLDERS } from "../supervision/wording";
import { changedFields } from "./shared";

/** A month before to a year after the deadline: wider than any real rule, narrow enough to catch typos. */
export const MIN_HOURS_AFTER_DUE = -720;
export const MAX_HOURS_AFTER_DUE = 8760;
export const TEMPLATE_MAX_LENGTH = 500;

export const supervisionLevelInputSchema = z.object({
  hoursAfterDue: z
    .number({ message: "supervision_hours_invalid" })
    .finite("supervision_hours_invalid")
    .min(MIN_HOURS_AFTER_DUE, "supervision_hours_invalid")
    .max(MAX_HOURS_AFTER_DUE, "supervision_hours_invalid"),
  shareUsed: z
    .number({ message: "supervision_share_invalid" })
    .gt(0, "supervision_share_invalid")
    .lt(1, "supervision_share_invalid")
    .nullable(),
  addressee: z.enum(ADDRESSEES, { message: "supervision_addressee_invalid" }),
  requiresResponse: z.boolean(),
  noticeTemplate: z
    .string()
    .trim()
    .min(5, "supervision_template_invalid")
    .max(TEMPLATE_MAX_LENGTH, "supervision_template_invalid"),
  active: z.boolean(),
});
export type SupervisionLevelInput = z.input<typeof supervisionLevelInputSchema>;

/** The rules in escalation order, as the sweep applies them. */
export async function listSupervisionLevels(db: Queryable): Promise<SupervisionLevelRule[]> {
  const rows = await db.select().from(supervisionLevels);
  return rows.sort((a, b) => SUPERVISION_LEVELS.indexOf(a.level) - SUPERVISION_LEVELS.indexOf(b.level));
}

/** A placeholder the notice cannot fill would reach staff as "{typo}": refuse it by name. */
function assertKnownPlaceholders(template: string) {
  for (const [, name] of template.matchAll(/\{(\w*)\}/g)) {
    if (!(NOTICE_PLACEHOLDERS as readonly string[]).includes(name!)) {
      throw invalidInput("supervision_template_placeholder", "noticeTemplate", { name: `{${name}}` });
    }
  }
}

/**
 * Changes one level's rule; audited with what changed. The share-used trigger belongs to the
 * warning only (the other levels are counted from the deadline). The sweep reads the rules on
 * every run; a deadline already waiting for its next level keeps that moment, then follows the
 * new rule from there.
 */
export async function updateSupervisionLevel(ctx: CommandContext, level: SupervisionLevel, raw: SupervisionLevelInput): Promise<SupervisionLevelRule> {
  const input = parseInput(supervisionLevelInputSchema, raw);
  if (level !== "warning" && input.shareUsed !== null) throw invalidInput("supervision_share_warning_only", "shareUsed");
  assertKnownPlaceholders(input.noticeTemplate);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(supervisionLevels).where(eq(supervisionLevels.level, level)).for("update");
    if (!before) throw notFound("supervision_level_not_found");
    const now = ctx.clock.now();
    const [row] = await tx
      .update(supervisionLevels)
      .set({ ...input, updatedAt: now })
      .where(eq(supervisionLevels.level, level))
      .returning();
    const { level: _level, updatedAt: _updatedAt, ...beforeValues } = before;
    await recordAudit(tx, {
      action: "supervision_level.update",
      actor: ctx.actor,
      at: now,
      target: { type: "supervision_level", id: level, label: `督办规则 ${level}` },
      detail: changedFields(beforeValues, input),
    });
    return row!;
  });
}
