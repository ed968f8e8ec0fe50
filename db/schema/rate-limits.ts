import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Fixed-window request counters (see domain/rate-limit.ts), one row per key such as
 * `citizen.report.ip:203.0.113.7`. Kept in the database so every process shares them; an UNLOGGED
 * table (migration 0014, which drizzle's schema cannot express), so a hit waits for no WAL flush.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    /** When the current window ends; rows past it are only history and may be pruned. */
    windowEnd: timestamp("window_end", { withTimezone: true }).notNull(),
    hits: integer("hits").notNull(),
  },
  (t) => [index("rate_limits_window_end_idx").on(t.windowEnd)],
);
