import { sql } from "drizzle-orm";
import { bigint, boolean, date, index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { departments } from "./departments";
import { tickets } from "./tickets";
import { users } from "./users";

/** How a rating reached us. `default` = none came in time and the configured level was applied. */
export const RATING_CHANNELS = ["callback", "sms", "web", "ivr", "default"] as const;
export type RatingChannel = (typeof RATING_CHANNELS)[number];

/** 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意. */
export const RATING_LEVELS = [5, 4, 3, 2, 1] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

/**
 * Every rating given, append-only: one round may be rated more than once (the citizen changes
 * their mind), and the latest counts; the earlier ones stay as history.
 */
export const ratings = pgTable(
  "ratings",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    ticketId: bigint("ticket_id", { mode: "number" })
      .notNull()
      .references(() => tickets.id),
    /** The ticket's round when rated: 0 = the first reply, n = after the n-th rectification. */
    round: integer("round").notNull(),
    level: smallint("level").notNull(),
    resolved: boolean("resolved"),
    comment: text("comment"),
    channel: text("channel", { enum: RATING_CHANNELS }).notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    actorId: text("actor_id").references(() => users.id),
    actorLabel: text("actor_label").notNull(),
    /** The message or call it came from (SMS sid, CallSid), so a repeated delivery counts once. */
    sourceRef: text("source_ref"),
  },
  (t) => [
    index("ratings_ticket_idx").on(t.ticketId, t.round, t.id),
    uniqueIndex("ratings_source_once_idx").on(t.channel, t.sourceRef).where(sql`${t.sourceRef} is not null`),
  ],
);

export const CALLBACK_STATUSES = ["pending", "reached", "unreached", "refused", "cancelled"] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];

/** 回访: one per replied round, scheduled by rule, worked from the operators' callback list. */
export const callbackTasks = pgTable(
  "callback_tasks",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    ticketId: bigint("ticket_id", { mode: "number" })
      .notNull()
      .references(() => tickets.id),
    round: integer("round").notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    status: text("status", { enum: CALLBACK_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    note: text("note"),
    completedBy: text("completed_by").references(() => users.id),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("callback_tasks_round_idx").on(t.ticketId, t.round), index("callback_tasks_open_idx").on(t.dueAt).where(sql`${t.status} in ('pending', 'unreached')`)],
);

/** `withdrawn`: the citizen changed the bad rating to a good one before it was verified. */
export const VERIFICATION_STATUSES = ["pending", "upheld", "dismissed", "withdrawn"] as const;
export const DISMISS_REASONS = ["mistaken", "malicious", "outside_scope"] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

/** 核实: a bad rating checked by a supervisor before it counts against the department. */
export const ratingVerifications = pgTable(
  "rating_verifications",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    ticketId: bigint("ticket_id", { mode: "number" })
      .notNull()
      .references(() => tickets.id),
    ratingId: bigint("rating_id", { mode: "number" })
      .notNull()
      .references(() => ratings.id),
    round: integer("round").notNull(),
    status: text("status", { enum: VERIFICATION_STATUSES }).notNull().default("pending"),
    dismissReason: text("dismiss_reason", { enum: DISMISS_REASONS }),
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    decidedBy: text("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [
    // One verification per round: a changed bad rating in the same round reuses the open one.
    uniqueIndex("rating_verifications_round_idx").on(t.ticketId, t.round),
    index("rating_verifications_pending_idx").on(t.createdAt).where(sql`${t.status} = 'pending'`),
  ],
);

/** 整改: an upheld bad rating sent back to the department, with its own deadline and report. */
export const rectifications = pgTable(
  "rectifications",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    ticketId: bigint("ticket_id", { mode: "number" })
      .notNull()
      .references(() => tickets.id),
    /** The round this rectification opens (1 = the first rectification). */
    round: integer("round").notNull(),
    verificationId: bigint("verification_id", { mode: "number" })
      .notNull()
      .references(() => ratingVerifications.id),
    departmentId: integer("department_id")
      .notNull()
      .references(() => departments.id),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    /** The reply being rectified, kept with the rectification. */
    originalReply: text("original_reply"),
    report: text("report"),
    reportedAt: timestamp("reported_at", { withTimezone: true }),
    reportedBy: text("reported_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("rectifications_round_idx").on(t.ticketId, t.round), index("rectifications_department_idx").on(t.departmentId, t.createdAt)],
);

/**
 * Per department and local day of intake, the counts every rate is computed from, so rankings and
 * trends read a few hundred rows instead of every ticket. Rebuilt for the (department, day) pairs
 * whose tickets changed (workers/jobs: stats-rollup); rates are formed at read time, so their
 * definitions can change without a rebuild.
 */
export const departmentDailyStats = pgTable(
  "department_daily_stats",
  {
    departmentId: integer("department_id")
      .notNull()
      .references(() => departments.id),
    day: date("day").notNull(),
    received: integer("received").notNull(),
    signed: integer("signed").notNull(),
    signedOnTime: integer("signed_on_time").notNull(),
    replied: integer("replied").notNull(),
    repliedOnTime: integer("replied_on_time").notNull(),
    resolvedAnswered: integer("resolved_answered").notNull(),
    resolvedYes: integer("resolved_yes").notNull(),
    /** Final ratings given by citizens, by level, and defaulted ones by level. */
    rated: integer("rated").array().notNull(),
    defaulted: integer("defaulted").array().notNull(),
    /** Tickets sent back for rectification at least once, and rounds in all (rework). */
    reworked: integer("reworked").notNull(),
    reworkRounds: integer("rework_rounds").notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.departmentId, t.day] }), index("department_daily_stats_day_idx").on(t.day)],
);

export type Rating = typeof ratings.$inferSelect;
export type CallbackTask = typeof callbackTasks.$inferSelect;
export type RatingVerification = typeof ratingVerifications.$inferSelect;
export type Rectification = typeof rectifications.$inferSelect;
export type DepartmentDailyStats = typeof departmentDailyStats.$inferSelect;
