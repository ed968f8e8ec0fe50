import { z } from "zod";
import type { Queryable } from "~/db/client";
import { getSetting } from "../settings";

/** After `maxFailures` wrong passwords in a row the account is locked for `lockMinutes`. */
export const lockoutPolicySchema = z.object({
  maxFailures: z.number().int().min(1).max(100),
  lockMinutes: z.number().int().min(1).max(24 * 60),
});
export type LockoutPolicy = z.infer<typeof lockoutPolicySchema>;

export const LOCKOUT_SETTING_KEY = "auth.lockout";
export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { maxFailures: 5, lockMinutes: 15 };

export function getLockoutPolicy(db: Queryable): Promise<LockoutPolicy> {
  return getSetting(db, LOCKOUT_SETTING_KEY, lockoutPolicySchema, DEFAULT_LOCKOUT_POLICY);
}
