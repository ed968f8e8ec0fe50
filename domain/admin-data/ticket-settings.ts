import { z } from "zod";
import type { Queryable } from "~/db/client";
import { recordAudit } from "../audit";
import { type CommandContext, parseInput } from "../command";
import { invalidInput } from "../errors";
import { getSetting, putSetting } from "../settings";
import { getLockoutPolicy, LOCKOUT_SETTING_KEY, type LockoutPolicy, lockoutPolicySchema } from "../staff/lockout";
import { DEFAULT_SUSPEND_REASONS, SUSPEND_REASONS_SETTING } from "../tickets/actions";
import { NUMBER_PREFIX_SETTING } from "../tickets/numbering";
import { configTarget } from "./shared";

export const MAX_SUSPEND_REASONS = 20;

export const numberPrefixSchema = z
  .string({ message: "number_prefix_invalid" })
  .trim()
  .transform((v) => v.toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9-]{0,8}$/, "number_prefix_invalid"));

export const suspendReasonsSchema = z
  .array(z.string({ message: "suspend_reason_text_invalid" }).trim().min(2, "suspend_reason_text_invalid").max(50, "suspend_reason_text_invalid"))
  .min(1, "suspend_reasons_empty")
  .max(MAX_SUSPEND_REASONS, "suspend_reasons_too_many")
  .superRefine((reasons, issue) => {
    const seen = new Set<string>();
    for (const reason of reasons) {
      if (seen.has(reason)) issue.addIssue({ code: "custom", message: "suspend_reasons_duplicate", params: { reason } });
      seen.add(reason);
    }
  });

/** The lock-out policy with an error code per field; the same bounds as lockoutPolicySchema. */
const lockoutInputSchema = z.object({
  maxFailures: z.number({ message: "lockout_max_failures_invalid" }).int("lockout_max_failures_invalid").min(1, "lockout_max_failures_invalid").max(100, "lockout_max_failures_invalid"),
  lockMinutes: z.number({ message: "lockout_minutes_invalid" }).int("lockout_minutes_invalid").min(1, "lockout_minutes_invalid").max(24 * 60, "lockout_minutes_invalid"),
});

export interface TicketSettings {
  numberPrefix: string;
  suspendReasons: string[];
  lockout: LockoutPolicy;
}

export async function getTicketSettings(db: Queryable): Promise<TicketSettings> {
  const [numberPrefix, suspendReasons, lockout] = await Promise.all([
    getSetting(db, NUMBER_PREFIX_SETTING, z.string(), ""),
    getSetting(db, SUSPEND_REASONS_SETTING, z.array(z.string()), DEFAULT_SUSPEND_REASONS),
    getLockoutPolicy(db),
  ]);
  return { numberPrefix, suspendReasons: [...suspendReasons], lockout };
}

async function writeSetting<T>(ctx: CommandContext, key: string, label: string, read: (db: Queryable) => Promise<T>, value: T): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    const before = await read(tx);
    const at = ctx.clock.now();
    await putSetting(tx, key, value, at);
    await recordAudit(tx, { action: "settings.update", actor: ctx.actor, at, target: configTarget(key, label), detail: { from: before, to: value } });
    return value;
  });
}

/** 办件编号 prefix: up to 8 capital letters, digits or hyphens; empty = digits only (the default). */
export async function updateNumberPrefix(ctx: CommandContext, raw: string): Promise<string> {
  const prefix = parseField(numberPrefixSchema, raw, "numberPrefix");
  return writeSetting(ctx, NUMBER_PREFIX_SETTING, "办件编号前缀", (db) => getSetting(db, NUMBER_PREFIX_SETTING, z.string(), ""), prefix);
}

/** The reasons a department may give for suspending a ticket (挂起), in the order offered. */
export async function updateSuspendReasons(ctx: CommandContext, raw: readonly string[]): Promise<string[]> {
  const result = suspendReasonsSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const params = (issue as { params?: Record<string, string> }).params ?? {};
    throw invalidInput(/^[a-z_]+$/.test(issue.message) ? issue.message : "invalid_input", "suspendReasons", params);
  }
  return writeSetting(
    ctx,
    SUSPEND_REASONS_SETTING,
    "挂起原因",
    (db) => getSetting(db, SUSPEND_REASONS_SETTING, z.array(z.string()), DEFAULT_SUSPEND_REASONS),
    result.data,
  );
}

/** Sign-in lock-out: after `maxFailures` wrong passwords in a row, locked for `lockMinutes`. */
export async function updateLockoutPolicy(ctx: CommandContext, raw: { maxFailures: number; lockMinutes: number }): Promise<LockoutPolicy> {
  const policy = lockoutPolicySchema.parse(parseInput(lockoutInputSchema, raw));
  return writeSetting(ctx, LOCKOUT_SETTING_KEY, "登录锁定策略", getLockoutPolicy, policy);
}

function parseField<S extends z.ZodTypeAny>(schema: S, raw: unknown, field: string): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const message = result.error.issues[0]!.message;
  throw invalidInput(/^[a-z_]+$/.test(message) ? message : "invalid_input", field);
}
