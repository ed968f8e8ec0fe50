import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { departments } from "./departments";
import { tickets } from "./tickets";
import { users } from "./users";

/** The ticket deadlines that are supervised; each maps to one of the tickets' `*_due_at` columns. */
export const DEADLINE_KINDS = ["dispatch", "sign", "handle"] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** Supervision levels in escalation order; their timing and wording are rows of supervision_levels. */
export const SUPERVISION_LEVELS = ["warning", "overdue", "remind", "urge", "supervise", "circulate"] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];

/** Who a notice is addressed to, from the handling unit upwards. */
export const ADDRESSEES = ["handler", "department_lead", "supervisor"] as const;
export type Addressee = (typeof ADDRESSEES)[number];

/**
 * When each level fires, relative to a deadline, and what it says. Administrators edit these rows;
 * the sweep reads them on every run.
 */
export const supervisionLevels = pgTable("supervision_levels", {
  level: text("level", { enum: SUPERVISION_LEVELS }).primaryKey(),
  /** Hours after the deadline (negative: before it). The warning also has `shareUsed`. */
  hoursAfterDue: doublePrecision("hours_after_due").notNull(),
  /** Warning only: fire once this share of the time allowed is used, if that comes first. */
  shareUsed: doublePrecision("share_used"),
  addressee: text("addressee", { enum: ADDRESSEES }).notNull(),
  requiresResponse: boolean("requires_response").notNull().default(false),
  /** Placeholders: {number} {title} {deadline} {department} {stage}. */
  noticeTemplate: text("notice_template").notNull(),
  active: boolean("active").notNull().default(true),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

/**
 * One row per running deadline of a ticket: which level comes next and when. The sweep selects by
 * the index on `next_at`, so its cost follows the tickets falling due, not the size of the table.
 * Kept in step with the ticket's deadline columns by the ticket commands (domain/supervision).
 */
export const deadlineWatches = pgTable(
  "deadline_watches",
  {
    ticketId: bigint("ticket_id", { mode: "number" })
      .notNull()
      .references(() => tickets.id),
    kind: text("kind", { enum: DEADLINE_KINDS }).notNull(),
    /** The deadline being watched and when its clock started (for the share-used warning). */
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    /** The last level that fired for this deadline; null before the first. */
    lastLevel: text("last_level", { enum: SUPERVISION_LEVELS }),
    /** When the next level fires; null once every level has fired. */
    nextAt: timestamp("next_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.kind] }), index("deadline_watches_next_at_idx").on(t.nextAt).where(sql`${t.nextAt} is not null`)],
);

/** A warning or supervision notice (督办单) about one deadline of one ticket. */
export const supervisionRecords = pgTable(
  "supervision_records",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    ticketId: bigint("ticket_id", { mode: "number" })
      .notNull()
      .references(() => tickets.id),
    kind: text("kind", { enum: DEADLINE_KINDS }).notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    level: text("level", { enum: SUPERVISION_LEVELS }).notNull(),
    addressee: text("addressee", { enum: ADDRESSEES }).notNull(),
    /** The unit addressed; null when the centre itself is (the dispatch deadline). */
    departmentId: integer("department_id").references(() => departments.id),
    notice: text("notice").notNull(),
    requiresResponse: boolean("requires_response").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /** Null for notices the sweep issued; the supervisor for a notice issued by hand. */
    issuedBy: text("issued_by").references(() => users.id),
    response: text("response"),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
    respondedBy: text("responded_by").references(() => users.id),
  },
  (t) => [
    // The sweep may run many times and in several workers: each level of each deadline once.
    uniqueIndex("supervision_records_once_idx").on(t.ticketId, t.kind, t.dueAt, t.level).where(sql`${t.issuedBy} is null`),
    index("supervision_records_ticket_idx").on(t.ticketId),
    index("supervision_records_department_idx").on(t.departmentId, t.createdAt),
    index("supervision_records_created_idx").on(t.createdAt),
  ],
);

/** In-app notifications for staff, one row per recipient. */
export const notifications = pgTable(
  "notifications",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** A path inside the app, e.g. the ticket. */
    link: text("link"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    readAt: timestamp("read_at", { withTimezone: true }),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.id),
    index("notifications_unread_idx").on(t.userId).where(sql`${t.readAt} is null`),
  ],
);

/** Background schedules: which job runs on which cron expression. Administrators edit them. */
export const jobSchedules = pgTable("job_schedules", {
  job: text("job").primaryKey(),
  cron: text("cron").notNull(),
  active: boolean("active").notNull().default(true),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

/**
 * How far a background job that works incrementally has got (the statistics roll-up: changes up
 * to `at` are rolled up). Machine state, not administrator data: kept out of `settings`, whose
 * every write tells all processes to re-read their cached rules.
 */
export const jobWatermarks = pgTable("job_watermarks", {
  job: text("job").primaryKey(),
  at: timestamp("at", { withTimezone: true }).notNull(),
});

export type SupervisionLevelRule = typeof supervisionLevels.$inferSelect;
export type DeadlineWatch = typeof deadlineWatches.$inferSelect;
export type SupervisionRecord = typeof supervisionRecords.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
