import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { categories } from "./categories";
import { departments } from "./departments";
import { users } from "./users";

/** Values the code depends on are enums; their labels live in app/i18n. */
export const TICKET_CHANNELS = ["phone", "web", "sms", "open311", "walk_in"] as const;
export const REQUEST_TYPES = ["consultation", "help", "complaint", "report", "suggestion", "praise"] as const;
export const URGENCIES = ["normal", "urgent", "emergency"] as const;
/** See domain/tickets/states.ts for what each state means and its type (open / paused / closed). */
export const TICKET_STATES = [
  "accepted",
  "dispatched",
  "signed",
  "in_progress",
  "returned",
  "suspended",
  "replied",
  "rectifying",
  "revisited",
  "closed",
  "withdrawn",
  "merged",
  "archived",
] as const;

export type TicketChannel = (typeof TICKET_CHANNELS)[number];
export type RequestType = (typeof REQUEST_TYPES)[number];
export type Urgency = (typeof URGENCIES)[number];
export type TicketState = (typeof TICKET_STATES)[number];

export const ticketChannel = pgEnum("ticket_channel", TICKET_CHANNELS);
export const requestType = pgEnum("request_type", REQUEST_TYPES);
export const urgency = pgEnum("urgency", URGENCIES);
export const ticketState = pgEnum("ticket_state", TICKET_STATES);

export const tickets = pgTable(
  "tickets",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** 办件编号: prefix + local date + daily sequence, e.g. 12345-20260302-00017. */
    number: text("number").notNull().unique(),
    /** The citizen's secret for the public status page. */
    queryCode: text("query_code").notNull(),
    channel: ticketChannel("channel").notNull(),
    requestType: requestType("request_type").notNull(),
    urgency: urgency("urgency").notNull().default("normal"),
    categoryId: integer("category_id").references(() => categories.id),
    title: text("title").notNull(),
    description: text("description").notNull(),
    address: text("address"),
    area: text("area"),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    citizenName: text("citizen_name"),
    citizenPhone: text("citizen_phone"),
    anonymous: boolean("anonymous").notNull().default(false),
    confidential: boolean("confidential").notNull().default(false),
    state: ticketState("state").notNull(),
    leadDepartmentId: integer("lead_department_id").references(() => departments.id),
    createdBy: text("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    dispatchedAt: timestamp("dispatched_at", { withTimezone: true }),
    signedAt: timestamp("signed_at", { withTimezone: true }),
    repliedAt: timestamp("replied_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** Deadlines of the current stage; null when that stage is not running. Swept by index. */
    dispatchDueAt: timestamp("dispatch_due_at", { withTimezone: true }),
    signDueAt: timestamp("sign_due_at", { withTimezone: true }),
    handleDueAt: timestamp("handle_due_at", { withTimezone: true }),
    /** While suspended: when the clock stopped and how much working time was left. */
    pausedAt: timestamp("paused_at", { withTimezone: true }),
    pausedRemainingMinutes: doublePrecision("paused_remaining_minutes"),
    /** The rule that set the limits, kept so later changes to rules do not rewrite history. */
    timeLimitRuleId: integer("time_limit_rule_id"),
    reply: text("reply"),
    /** For 直接办结 (answered at intake), withdrawal and merge. */
    closingNote: text("closing_note"),
    mergedIntoId: bigint("merged_into_id", { mode: "number" }).references((): AnyPgColumn => tickets.id),
    /**
     * Facts the statistics count, written by the commands when they become known: whether the
     * department signed and replied within the limits, the rectification round (0 = the first
     * handling), and the citizen's first and latest rating (1 非常不满意 … 5 非常满意).
     */
    signedLate: boolean("signed_late"),
    repliedLate: boolean("replied_late"),
    round: integer("round").notNull().default(0),
    firstRating: smallint("first_rating"),
    finalRating: smallint("final_rating"),
    ratingDefaulted: boolean("rating_defaulted"),
    resolved: boolean("resolved"),
  },
  (t) => [
    index("tickets_state_idx").on(t.state),
    index("tickets_lead_department_state_idx").on(t.leadDepartmentId, t.state),
    index("tickets_citizen_phone_idx").on(t.citizenPhone),
    index("tickets_created_at_idx").on(t.createdAt),
    index("tickets_lead_department_created_idx").on(t.leadDepartmentId, t.createdAt),
    index("tickets_updated_at_idx").on(t.updatedAt),
    // Replied tickets waiting for a rating, oldest reply first (the default-rating job).
    index("tickets_replied_at_idx").on(t.repliedAt).where(sql`${t.state} = 'replied'`),
    index("tickets_dispatch_due_idx").on(t.dispatchDueAt).where(sql`${t.dispatchDueAt} is not null`),
    index("tickets_sign_due_idx").on(t.signDueAt).where(sql`${t.signDueAt} is not null`),
    index("tickets_handle_due_idx").on(t.handleDueAt).where(sql`${t.handleDueAt} is not null`),
  ],
);

/** Departments a ticket is dispatched to: one lead (主办) and any co-handlers (协办). */
export const ticketAssignments = pgTable(
  "ticket_assignments",
  {
    ticketId: bigint("ticket_id", { mode: "number" })
      .notNull()
      .references(() => tickets.id),
    departmentId: integer("department_id")
      .notNull()
      .references(() => departments.id),
    role: text("role", { enum: ["lead", "co"] }).notNull(),
    assignedAt: timestamp("assigned_at", { withTimezone: true }).notNull(),
    /**
     * The ticket's state and current deadline while it is work for its departments
     * (DEPARTMENT_WORKLIST_STATES), null once it is not: kept by runTicketAction with every change,
     * so an inbox reads and counts the unit's open work from the partial index below instead of
     * going through its whole history of assignments.
     */
    worklistState: ticketState("worklist_state"),
    worklistDueAt: timestamp("worklist_due_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.departmentId] }),
    index("ticket_assignments_department_idx").on(t.departmentId),
    // In deadline order, as inboxes list (nulls last); the state rides along so tabs filter on it.
    index("ticket_assignments_worklist_idx").on(t.departmentId, t.worklistDueAt, t.ticketId, t.worklistState).where(sql`${t.worklistState} is not null`),
  ],
);

/** Append-only history of every action on a ticket. */
export const ticketEvents = pgTable(
  "ticket_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    ticketId: bigint("ticket_id", { mode: "number" })
      .notNull()
      .references(() => tickets.id),
    at: timestamp("at", { withTimezone: true }).notNull(),
    action: text("action").notNull(),
    fromState: ticketState("from_state"),
    toState: ticketState("to_state").notNull(),
    actorId: text("actor_id"),
    actorLabel: text("actor_label").notNull(),
    actorRole: text("actor_role"),
    departmentId: integer("department_id").references(() => departments.id),
    channel: ticketChannel("channel"),
    reason: text("reason"),
    data: jsonb("data").$type<Record<string, unknown>>(),
    /**
     * The writing transaction's id. Ids from a sequence are not committed in order; readers of the
     * change feed only take events of transactions older than every one still running.
     */
    txId: bigint("tx_id", { mode: "number" })
      .notNull()
      .default(sql`(pg_current_xact_id()::text)::bigint`),
  },
  (t) => [
    index("ticket_events_ticket_idx").on(t.ticketId, t.id),
    index("ticket_events_feed_idx").on(t.txId, t.id),
    // The supervision dashboard's overdue-rate trend reads the last weeks' replies only.
    index("ticket_events_reply_at_idx").on(t.at).where(sql`${t.action} = 'reply'`),
  ],
);

export const extensionRequests = pgTable(
  "extension_requests",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    ticketId: bigint("ticket_id", { mode: "number" })
      .notNull()
      .references(() => tickets.id),
    departmentId: integer("department_id")
      .notNull()
      .references(() => departments.id),
    workingDays: integer("working_days").notNull(),
    reason: text("reason").notNull(),
    status: text("status", { enum: ["pending", "approved", "refused"] }).notNull().default("pending"),
    requestedBy: text("requested_by").notNull(),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull(),
    decidedBy: text("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decisionNote: text("decision_note"),
  },
  (t) => [
    // At most one open request per ticket.
    uniqueIndex("extension_requests_one_pending_idx").on(t.ticketId).where(sql`${t.status} = 'pending'`),
  ],
);

/** Daily counters behind ticket numbers; an upsert makes each number unique under concurrency. */
export const ticketNumberCounters = pgTable("ticket_number_counters", {
  day: date("day").primaryKey(),
  last: integer("last").notNull(),
});

/** Files attached to a ticket; the bytes live in the attachment store (see domain/attachments). */
export const ticketAttachments = pgTable(
  "ticket_attachments",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    ticketId: bigint("ticket_id", { mode: "number" })
      .notNull()
      .references(() => tickets.id),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull().unique(),
    uploadedBy: text("uploaded_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("ticket_attachments_ticket_idx").on(t.ticketId)],
);

export type Ticket = typeof tickets.$inferSelect;
export type TicketEvent = typeof ticketEvents.$inferSelect;
