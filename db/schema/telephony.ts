import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, smallint, text, timestamp } from "drizzle-orm/pg-core";
import { tickets } from "./tickets";
import { users } from "./users";

/**
 * The call log: one row per Twilio CallSid. Every webhook and status callback upserts on the
 * CallSid, and `statusRank` only ever grows, so repeated or late callbacks cannot move a call back
 * to an earlier status (see domain/telephony/call-status.ts).
 */
export const calls = pgTable(
  "calls",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    callSid: text("call_sid").notNull().unique(),
    fromNumber: text("from_number").notNull(),
    toNumber: text("to_number").notNull(),
    /** Twilio's CallStatus (queued, ringing, in-progress, completed, busy, no-answer, failed, canceled). */
    status: text("status").notNull(),
    statusRank: smallint("status_rank").notNull(),
    /** What the caller chose in the IVR: complaint, consultation, progress, operator. */
    menuChoice: text("menu_choice"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    durationSeconds: integer("duration_seconds"),
    /** Queue: when the caller entered and left it, and how (connected, voicemail, hangup). */
    enqueuedAt: timestamp("enqueued_at", { withTimezone: true }),
    queueLeftAt: timestamp("queue_left_at", { withTimezone: true }),
    queueResult: text("queue_result", { enum: ["connected", "voicemail", "hangup"] }),
    operatorId: text("operator_id").references(() => users.id),
    connectedAt: timestamp("connected_at", { withTimezone: true }),
    /** Voicemail left because no operator was free: the centre must call back (回拨). */
    callbackRequested: boolean("callback_requested").notNull().default(false),
    ticketId: bigint("ticket_id", { mode: "number" }).references(() => tickets.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("calls_started_at_idx").on(t.startedAt),
    index("calls_from_number_idx").on(t.fromNumber),
    // The live queue: callers who entered it and have not left.
    index("calls_in_queue_idx").on(t.enqueuedAt).where(sql`${t.queueLeftAt} is null`),
  ],
);

/** What happened during a call (menu choice, transfer, ticket link …), append-only. */
export const callEvents = pgTable(
  "call_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    callId: bigint("call_id", { mode: "number" })
      .notNull()
      .references(() => calls.id),
    at: timestamp("at", { withTimezone: true }).notNull(),
    kind: text("kind").notNull(),
    actorId: text("actor_id"),
    data: jsonb("data").$type<Record<string, unknown>>(),
  },
  (t) => [index("call_events_call_idx").on(t.callId, t.id)],
);

/** Recordings of a call (voicemail or the conversation), one row per RecordingSid. */
export const callRecordings = pgTable(
  "call_recordings",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    recordingSid: text("recording_sid").notNull().unique(),
    callId: bigint("call_id", { mode: "number" })
      .notNull()
      .references(() => calls.id),
    url: text("url").notNull(),
    status: text("status").notNull(),
    durationSeconds: integer("duration_seconds"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("call_recordings_call_idx").on(t.callId)],
);

/** Whether an operator takes calls now, and the call they are on. */
export const operatorPresence = pgTable(
  "operator_presence",
  {
    userId: text("user_id")
      .primaryKey()
      .references(() => users.id),
    status: text("status", { enum: ["available", "busy", "offline"] }).notNull(),
    callId: bigint("call_id", { mode: "number" }).references(() => calls.id),
    /** Longest-idle operator gets the next call. */
    since: timestamp("since", { withTimezone: true }).notNull(),
  },
  (t) => [index("operator_presence_available_idx").on(t.since).where(sql`${t.status} = 'available'`)],
);

/** SMS in both directions. Outbound rows are written by the sender; their status by /telephony/sms/status. */
export const smsMessages = pgTable(
  "sms_messages",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    direction: text("direction", { enum: ["outbound", "inbound"] }).notNull(),
    sid: text("sid").notNull().unique(),
    fromNumber: text("from_number").notNull(),
    toNumber: text("to_number").notNull(),
    body: text("body").notNull(),
    status: text("status").notNull(),
    statusRank: smallint("status_rank").notNull(),
    errorCode: text("error_code"),
    /** Sent by the built-in simulator, not by Twilio. */
    simulated: boolean("simulated").notNull().default(false),
    ticketId: bigint("ticket_id", { mode: "number" }).references(() => tickets.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sms_messages_created_at_idx").on(t.createdAt)],
);

/** Numbers that answered STOP / 退订: the sender refuses to text them. */
export const smsOptOuts = pgTable("sms_opt_outs", {
  phone: text("phone").primaryKey(),
  keyword: text("keyword").notNull(),
  optedOutAt: timestamp("opted_out_at", { withTimezone: true }).notNull(),
});

export type Call = typeof calls.$inferSelect;
export type SmsMessage = typeof smsMessages.$inferSelect;
