import { z } from "zod";
import type { Queryable } from "~/db/client";
import { recordAudit } from "../audit";
import { type CommandContext, parseInput } from "../command";
import { invalidInput } from "../errors";
import { CITIZEN_SMS_SETTING, type CitizenSmsTemplates, getCitizenSmsTemplates } from "../notify/citizen-sms";
import { getRatingPolicy, RATING_POLICY_SETTING, type RatingPolicy, ratingPolicySchema } from "../ratings/policy";
import { putSetting } from "../settings";
import { changedFields, configTarget } from "./shared";

/** The placeholders a citizen SMS template may use (filled in by domain/notify/citizen-sms composeCitizenSms). */
export const SMS_PLACEHOLDERS = ["number", "queryCode", "statusUrl", "rateUrl", "intoNumber"] as const;
export const SMS_TEMPLATE_KINDS = ["accepted", "replied", "merged", "rectified"] as const satisfies readonly (keyof CitizenSmsTemplates)[];

const int = (code: string, min: number, max: number) => z.number({ message: code }).int(code).min(min, code).max(max, code);

/** The rating policy with an error code per field; the same bounds as ratingPolicySchema. */
const policyInputSchema = z.object({
  callbackAfterHours: z.number({ message: "rating_callback_hours_invalid" }).min(0, "rating_callback_hours_invalid").max(24 * 30, "rating_callback_hours_invalid"),
  defaultAfterDays: int("rating_default_days_invalid", 1, 60),
  defaultLevel: int("rating_default_level_invalid", 1, 5),
  badAtOrBelow: int("rating_bad_level_invalid", 1, 4),
  rectificationWorkingDays: int("rating_rectification_days_invalid", 1, 60),
  closeAfterRounds: int("rating_close_rounds_invalid", 1, 10),
});

const templateSchema = z.string({ message: "sms_template_invalid" }).trim().min(5, "sms_template_invalid").max(300, "sms_template_invalid");
const templatesInputSchema = z.object(Object.fromEntries(SMS_TEMPLATE_KINDS.map((k) => [k, templateSchema])) as Record<(typeof SMS_TEMPLATE_KINDS)[number], typeof templateSchema>);

export async function getRatingSettings(db: Queryable): Promise<{ policy: RatingPolicy; sms: CitizenSmsTemplates }> {
  const [policy, sms] = await Promise.all([getRatingPolicy(db), getCitizenSmsTemplates(db)]);
  return { policy, sms };
}

async function writeSetting<T extends Record<string, unknown>>(ctx: CommandContext, key: string, label: string, read: (db: Queryable) => Promise<T>, value: T): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    const before = await read(tx);
    const at = ctx.clock.now();
    await putSetting(tx, key, value, at);
    await recordAudit(tx, { action: "settings.update", actor: ctx.actor, at, target: configTarget(key, label), detail: { changes: changedFields(before, value) } });
    return value;
  });
}

/** 评价规则: callback timing, the default rating, what counts as bad, rectification days, rounds before closing. */
export async function updateRatingPolicy(ctx: CommandContext, raw: z.input<typeof policyInputSchema>): Promise<RatingPolicy> {
  const input = parseInput(policyInputSchema, raw);
  const checked = ratingPolicySchema.safeParse(input);
  if (!checked.success) throw invalidInput("rating_default_must_not_be_bad", "defaultLevel");
  return writeSetting(ctx, RATING_POLICY_SETTING, "评价与回访规则", getRatingPolicy, checked.data);
}

/** The placeholders in `template` that are not ours (e.g. a typo like {statusurl}). */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!).filter((name) => !(SMS_PLACEHOLDERS as readonly string[]).includes(name));
}

/** 市民短信模板: each 5–300 characters, using only the known placeholders. */
export async function updateCitizenSmsTemplates(ctx: CommandContext, raw: Record<string, unknown>): Promise<CitizenSmsTemplates> {
  const input = parseInput(templatesInputSchema, raw);
  for (const kind of SMS_TEMPLATE_KINDS) {
    const unknown = unknownPlaceholders(input[kind]);
    if (unknown.length) throw invalidInput("sms_placeholder_unknown", kind, { placeholder: `{${unknown[0]}}` });
    if (/[{}]/.test(input[kind].replace(/\{[^{}]*\}/g, ""))) throw invalidInput("sms_braces_unbalanced", kind);
  }
  return writeSetting(ctx, CITIZEN_SMS_SETTING, "市民短信模板", getCitizenSmsTemplates, input);
}
