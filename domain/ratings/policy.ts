import { z } from "zod";
import type { Queryable } from "~/db/client";
import { getSetting } from "../settings";

/**
 * The rating loop's rules, administrator data (settings key below). Levels: 5 非常满意 … 1 非常不满意.
 */
export const RATING_POLICY_SETTING = "ratings.policy";

export const ratingPolicySchema = z
  .object({
    /** The callback (回访) is due this many hours after each reply. */
    callbackAfterHours: z.number().min(0).max(24 * 30),
    /** No rating this many days after a reply: the default level is applied and marked defaulted. */
    defaultAfterDays: z.number().int().min(1).max(60),
    defaultLevel: z.number().int().min(1).max(5),
    /** Ratings at or below this level are bad and go to verification (核实). */
    badAtOrBelow: z.number().int().min(1).max(4),
    /** Working days a department has for a rectification (整改). */
    rectificationWorkingDays: z.number().int().min(1).max(60),
    /** After this many rectification rounds a supervisor may close the loop with a decision. */
    closeAfterRounds: z.number().int().min(1).max(10),
  })
  .refine((p) => p.defaultLevel > p.badAtOrBelow, { message: "rating_default_must_not_be_bad", path: ["defaultLevel"] });
export type RatingPolicy = z.infer<typeof ratingPolicySchema>;

/** 基本满意 after 7 days (one province's rule); 5 working days to rectify; close after 2 rounds. */
export const DEFAULT_RATING_POLICY: RatingPolicy = {
  callbackAfterHours: 24,
  defaultAfterDays: 7,
  defaultLevel: 3,
  badAtOrBelow: 2,
  rectificationWorkingDays: 5,
  closeAfterRounds: 2,
};

export function getRatingPolicy(db: Queryable): Promise<RatingPolicy> {
  return getSetting(db, RATING_POLICY_SETTING, ratingPolicySchema, DEFAULT_RATING_POLICY);
}

export function isBadRating(policy: RatingPolicy, level: number): boolean {
  return level <= policy.badAtOrBelow;
}
