import { lt, sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Queryable } from "~/db/client";
import { rateLimits } from "~/db/schema";
import type { Clock } from "./clock";
import { getSetting } from "./settings";

/** At most `limit` hits per key in each window of `windowSeconds` (windows aligned to the epoch). */
export const rateLimitPolicySchema = z.object({
  limit: z.number().int().min(1).max(1_000_000),
  windowSeconds: z.number().int().min(1).max(7 * 24 * 3600),
});
export type RateLimitPolicy = z.infer<typeof rateLimitPolicySchema>;

export interface RateLimitResult {
  allowed: boolean;
  /** 0 when allowed; otherwise seconds until the window ends (for Retry-After). */
  retryAfterSeconds: number;
}

/**
 * The limits the app applies, with their defaults. Each is data: the settings row
 * `rate_limit.<name>` (e.g. `rate_limit.citizen.report.ip` = `{"limit": 50, "windowSeconds": 3600}`)
 * overrides the default.
 */
export const DEFAULT_RATE_LIMITS = {
  /** Public complaint form, per client IP. Offices share an address, so not too tight. */
  "citizen.report.ip": { limit: 20, windowSeconds: 3600 },
  /** Public complaint form, per contact phone. */
  "citizen.report.phone": { limit: 5, windowSeconds: 24 * 3600 },
  /** Public status look-ups, per client IP: the six-digit query code must not be guessable. */
  "citizen.status.ip": { limit: 30, windowSeconds: 600 },
  /** Web rating link (/rate/:token) posts, per client IP. */
  "citizen.rating.ip": { limit: 30, windowSeconds: 3600 },
  /** Open311 POST requests.json, per API key. */
  "open311.post.key": { limit: 600, windowSeconds: 3600 },
} satisfies Record<string, RateLimitPolicy>;
export type RateLimitName = keyof typeof DEFAULT_RATE_LIMITS;

export const RATE_LIMIT_SETTING_PREFIX = "rate_limit.";

export function getRateLimitPolicy(db: Queryable, name: RateLimitName): Promise<RateLimitPolicy> {
  return getSetting(db, `${RATE_LIMIT_SETTING_PREFIX}${name}`, rateLimitPolicySchema, DEFAULT_RATE_LIMITS[name]);
}

/**
 * Counts one hit on `key` and says whether it is within the policy. Fixed windows aligned to the
 * epoch; one upsert statement increments the counter of the running window or starts a new one,
 * so concurrent hits from any number of processes are counted exactly. Refused hits count too
 * (a client hammering a closed door does not get it opened sooner).
 */
export async function hitRateLimit(db: Queryable, clock: Clock, key: string, policy: RateLimitPolicy): Promise<RateLimitResult> {
  const { limit, windowSeconds } = rateLimitPolicySchema.parse(policy);
  const nowMs = clock.now().getTime();
  const windowMs = windowSeconds * 1000;
  const start = new Date(Math.floor(nowMs / windowMs) * windowMs).toISOString();
  const end = new Date(Math.floor(nowMs / windowMs) * windowMs + windowMs).toISOString();
  const now = new Date(nowMs).toISOString();
  const running = sql`${rateLimits.windowEnd} > ${now}::timestamptz`;
  const [row] = await queryRows<{ hits: number; retry_after: number }>(
    db,
    sql`insert into ${rateLimits} (key, window_start, window_end, hits)
        values (${key}, ${start}::timestamptz, ${end}::timestamptz, 1)
        on conflict (key) do update set
          hits = case when ${running} then ${rateLimits.hits} + 1 else 1 end,
          window_start = case when ${running} then ${rateLimits.windowStart} else excluded.window_start end,
          window_end = case when ${running} then ${rateLimits.windowEnd} else excluded.window_end end
        returning hits, ceil(extract(epoch from (window_end - ${now}::timestamptz)))::int as retry_after`,
  );
  const hits = Number(row!.hits);
  const allowed = hits <= limit;
  return { allowed, retryAfterSeconds: allowed ? 0 : Math.max(1, Number(row!.retry_after)) };
}

/** Counts a hit for `subject` (an IP, a phone number, a key id) under the named limit. */
export async function checkRateLimit(db: Queryable, clock: Clock, name: RateLimitName, subject: string): Promise<RateLimitResult> {
  const policy = await getRateLimitPolicy(db, name);
  return hitRateLimit(db, clock, `${name}:${subject}`, policy);
}

/** Deletes counters whose window has ended (they decide nothing any more); for a periodic job. */
export async function pruneRateLimits(db: Queryable, clock: Clock): Promise<number> {
  const deleted = await db.delete(rateLimits).where(lt(rateLimits.windowEnd, clock.now())).returning({ key: rateLimits.key });
  return deleted.length;
}
