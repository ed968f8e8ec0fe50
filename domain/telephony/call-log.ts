import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database, Queryable, Transaction } from "~/db/client";
import { perDatabase } from "~/db/per-database";
import { callEvents, callRecordings, calls, operatorPresence, type Call, tickets } from "~/db/schema";
import type { Clock } from "../clock";
import { invalidInput, notFound } from "../errors";
import { callStatusRank, TERMINAL_CALL_RANK } from "./call-status";

export interface CallStatusReport {
  callSid: string;
  from: string;
  to: string;
  status: string;
  durationSeconds?: number | null;
}

/**
 * Records what Twilio says about a call — the first webhook or any status callback — in one
 * upsert on the CallSid: a new call is inserted; a known one takes the status only if it ranks
 * higher. Repeats and late arrivals therefore change nothing. When the call has just ended, the
 * queue and the operator it held are released.
 */
export async function recordCallStatus(db: Database, clock: Clock, report: CallStatusReport): Promise<Call> {
  const rank = callStatusRank(report.status);
  if (rank === null) throw invalidInput("call_status_invalid", "CallStatus");
  const now = clock.now();
  const terminal = rank === TERMINAL_CALL_RANK;
  const [call] = await callStatusUpsert(db).execute({
    callSid: report.callSid,
    from: report.from,
    to: report.to,
    status: report.status,
    rank,
    now,
    endedAt: terminal ? now.toISOString() : null,
    durationSeconds: report.durationSeconds ?? null,
  });
  if (terminal) await releaseEndedCall(db, now, call!);
  return call!;
}

/**
 * The upsert behind recordCallStatus, built once per database. It runs on every call webhook:
 * built per run, drizzle would assemble its SQL text each time (a large share of a webhook's CPU
 * under load); see db/prepared.ts.
 */
const callStatusUpsert = perDatabase((db) =>
  db
    .insert(calls)
    .values({
      callSid: sql.placeholder("callSid"),
      fromNumber: sql.placeholder("from"),
      toNumber: sql.placeholder("to"),
      status: sql.placeholder("status"),
      statusRank: sql.placeholder("rank"),
      startedAt: sql.placeholder("now"),
      // An ISO string or null: the column's own encoder (Date → text) does not take null.
      endedAt: sql`${sql.placeholder("endedAt")}::timestamptz`,
      durationSeconds: sql.placeholder("durationSeconds"),
      updatedAt: sql.placeholder("now"),
    })
    .onConflictDoUpdate({
      target: calls.callSid,
      set: {
        status: sql`case when excluded.status_rank > ${calls.statusRank} then excluded.status else ${calls.status} end`,
        statusRank: sql`greatest(excluded.status_rank, ${calls.statusRank})`,
        endedAt: sql`coalesce(${calls.endedAt}, excluded.ended_at)`,
        durationSeconds: sql`coalesce(excluded.duration_seconds, ${calls.durationSeconds})`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .returning()
    .prepare("record_call_status"),
);

/** An ended call leaves the queue (a caller who hangs up while waiting has abandoned) and frees its operator. */
async function releaseEndedCall(db: Database, now: Date, call: Call) {
  await db
    .update(calls)
    .set({ queueLeftAt: now, queueResult: "hangup", updatedAt: now })
    .where(and(eq(calls.id, call.id), sql`${calls.enqueuedAt} is not null`, isNull(calls.queueLeftAt)));
  await db
    .update(operatorPresence)
    .set({ status: "available", callId: null, since: now })
    .where(and(eq(operatorPresence.callId, call.id), eq(operatorPresence.status, "busy")));
}

export async function getCallBySid(db: Queryable, callSid: string): Promise<Call | null> {
  const [call] = await db.select().from(calls).where(eq(calls.callSid, callSid));
  return call ?? null;
}

export async function getCall(db: Queryable, id: number): Promise<Call> {
  const [call] = await db.select().from(calls).where(eq(calls.id, id));
  if (!call) throw notFound("call_not_found");
  return call;
}

export async function appendCallEvent(db: Queryable, event: { callId: number; at: Date; kind: string; actorId?: string | null; data?: Record<string, unknown> }) {
  await db.insert(callEvents).values({ callId: event.callId, at: event.at, kind: event.kind, actorId: event.actorId ?? null, data: event.data ?? null });
}

export const MENU_CHOICES = ["complaint", "consultation", "progress", "operator"] as const;
export type MenuChoice = (typeof MENU_CHOICES)[number];

/** The caller's IVR choice; entering the queue is stamped once (a repeated webhook keeps the first time). */
export async function recordMenuChoice(db: Database, clock: Clock, callSid: string, choice: MenuChoice, entersQueue: boolean) {
  const now = clock.now();
  const [call] = await db
    .update(calls)
    .set({ menuChoice: choice, updatedAt: now, ...(entersQueue ? { enqueuedAt: sql`coalesce(${calls.enqueuedAt}, ${now.toISOString()}::timestamptz)` } : {}) })
    .where(eq(calls.callSid, callSid))
    .returning();
  if (!call) throw notFound("call_not_found");
  await appendCallEvent(db, { callId: call.id, at: now, kind: "menu", data: { choice } });
  return call;
}

/**
 * Gives the waiting call to the operator who has been available longest, or keeps the one it
 * already has (the wait URL is requested again and again). Row locks make two processes give a
 * call, or an operator, away only once. Null: nobody is free, or the call is no longer waiting.
 */
export async function assignOperator(db: Database, clock: Clock, callSid: string): Promise<{ call: Call; operatorId: string; isNew: boolean } | null> {
  return db.transaction(async (tx) => {
    const [call] = await tx.select().from(calls).where(eq(calls.callSid, callSid)).for("update");
    if (!call) return null;
    if (call.operatorId) return { call, operatorId: call.operatorId, isNew: false };
    if (call.queueLeftAt || call.statusRank >= TERMINAL_CALL_RANK) return null;
    const [free] = await tx
      .select({ userId: operatorPresence.userId })
      .from(operatorPresence)
      .where(eq(operatorPresence.status, "available"))
      .orderBy(operatorPresence.since)
      .limit(1)
      .for("update", { skipLocked: true });
    if (!free) return null;
    const now = clock.now();
    await tx.update(operatorPresence).set({ status: "busy", callId: call.id, since: now }).where(eq(operatorPresence.userId, free.userId));
    const [connected] = await tx
      .update(calls)
      .set({ operatorId: free.userId, connectedAt: now, queueLeftAt: now, queueResult: "connected", enqueuedAt: call.enqueuedAt ?? now, updatedAt: now })
      .where(eq(calls.id, call.id))
      .returning();
    await appendCallEvent(tx, { callId: call.id, at: now, kind: "connected", actorId: free.userId });
    return { call: connected!, operatorId: free.userId, isNew: true };
  });
}

/** No operator in time: the caller leaves the queue for voicemail, and the centre owes a callback. */
export async function sendToVoicemail(db: Database, clock: Clock, callSid: string): Promise<Call | null> {
  const now = clock.now();
  const [call] = await db
    .update(calls)
    .set({ queueLeftAt: sql`coalesce(${calls.queueLeftAt}, ${now.toISOString()}::timestamptz)`, queueResult: "voicemail", callbackRequested: true, updatedAt: now })
    .where(and(eq(calls.callSid, callSid), isNull(calls.operatorId)))
    .returning();
  return call ?? null;
}

export interface RecordingReport {
  callSid: string;
  recordingSid: string;
  url: string;
  status: string;
  durationSeconds: number | null;
}

/**
 * Stores a recording once per RecordingSid (a repeated callback updates it). Returns the call,
 * locked inside `tx`, so the caller can decide whether a voicemail ticket is due.
 */
export async function recordRecording(tx: Transaction, clock: Clock, report: RecordingReport): Promise<Call | null> {
  const [call] = await tx.select().from(calls).where(eq(calls.callSid, report.callSid)).for("update");
  if (!call) return null;
  const now = clock.now();
  await tx
    .insert(callRecordings)
    .values({ recordingSid: report.recordingSid, callId: call.id, url: report.url, status: report.status, durationSeconds: report.durationSeconds, createdAt: now })
    .onConflictDoUpdate({ target: callRecordings.recordingSid, set: { status: report.status, url: report.url, durationSeconds: report.durationSeconds } });
  return call;
}

export async function listRecordings(db: Queryable, callId: number) {
  return db.select().from(callRecordings).where(eq(callRecordings.callId, callId)).orderBy(callRecordings.id);
}

/** Links a ticket to the call; the first ticket stays the call's ticket, later ones are events. */
export async function linkTicketToCall(tx: Transaction, at: Date, call: Call, ticketId: number, actorId: string | null) {
  if (call.ticketId === null) await tx.update(calls).set({ ticketId, updatedAt: at }).where(eq(calls.id, call.id));
  await appendCallEvent(tx, { callId: call.id, at, kind: "ticket_linked", actorId, data: { ticketId } });
}

export async function ticketStateOf(db: Queryable, ticketId: number) {
  const [row] = await db.select({ state: tickets.state }).from(tickets).where(eq(tickets.id, ticketId));
  if (!row) throw notFound("ticket_not_found");
  return row.state;
}
