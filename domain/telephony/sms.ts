import { and, desc, eq, sql } from "drizzle-orm";
import type { Queryable } from "~/db/client";
import { smsMessages, smsOptOuts, tickets } from "~/db/schema";
import type { Clock } from "../clock";
import { invalidInput } from "../errors";
import { STATE_TYPES } from "../tickets/states";
import { smsStatusRank } from "./call-status";
import { citizenPhoneFromCaller } from "./caller-number";

export interface SmsRecord {
  sid: string;
  from: string;
  to: string;
  body: string;
  status: string;
  simulated: boolean;
}

export async function recordOutboundSms(db: Queryable, clock: Clock, sms: SmsRecord) {
  const now = clock.now();
  await db
    .insert(smsMessages)
    .values({ direction: "outbound", ...sms, fromNumber: sms.from, toNumber: sms.to, statusRank: smsStatusRank(sms.status) ?? 0, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: smsMessages.sid });
}

/** A delivery report; like call statuses, a late or repeated one never moves a message back. */
export async function applySmsStatus(db: Queryable, clock: Clock, report: { sid: string; status: string; errorCode: string | null }) {
  const rank = smsStatusRank(report.status);
  if (rank === null) throw invalidInput("sms_status_invalid", "MessageStatus");
  const updated = await db
    .update(smsMessages)
    .set({ status: report.status, statusRank: rank, errorCode: report.errorCode, updatedAt: clock.now() })
    .where(and(eq(smsMessages.sid, report.sid), sql`${smsMessages.statusRank} < ${rank}`))
    .returning({ id: smsMessages.id });
  return updated.length > 0;
}

/** Stores an inbound SMS once per MessageSid; false when Twilio delivered it before. */
export async function recordInboundSms(db: Queryable, clock: Clock, sms: Omit<SmsRecord, "status">): Promise<boolean> {
  const now = clock.now();
  const inserted = await db
    .insert(smsMessages)
    .values({ direction: "inbound", ...sms, fromNumber: sms.from, toNumber: sms.to, status: "received", statusRank: 4, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: smsMessages.sid })
    .returning({ id: smsMessages.id });
  return inserted.length > 0;
}

/** Opt-out keys on the national number, so +8613… and 13… are the same citizen. */
const optOutKey = (phone: string) => citizenPhoneFromCaller(phone) ?? phone;

export async function optOutOfSms(db: Queryable, clock: Clock, phone: string, keyword: string) {
  await db.insert(smsOptOuts).values({ phone: optOutKey(phone), keyword, optedOutAt: clock.now() }).onConflictDoNothing();
}

export async function optInToSms(db: Queryable, phone: string) {
  await db.delete(smsOptOuts).where(eq(smsOptOuts.phone, optOutKey(phone)));
}

export async function isOptedOut(db: Queryable, phone: string): Promise<boolean> {
  return (await db.$count(smsOptOuts, eq(smsOptOuts.phone, optOutKey(phone)))) > 0;
}

/**
 * A ticket's state for an SMS status query. Only the number the ticket was registered with gets
 * an answer (the SMS itself proves the phone), so ticket numbers cannot be probed by text.
 */
export async function getTicketStateForPhone(db: Queryable, number: string, phone: string) {
  const citizenPhone = citizenPhoneFromCaller(phone);
  if (!citizenPhone) return null;
  const [ticket] = await db
    .select({ number: tickets.number, state: tickets.state, repliedAt: tickets.repliedAt })
    .from(tickets)
    .where(and(eq(tickets.number, number), eq(tickets.citizenPhone, citizenPhone)));
  return ticket ? { ...ticket, stateType: STATE_TYPES[ticket.state] } : null;
}

export async function listRecentSms(db: Queryable, limit = 30) {
  return db.select().from(smsMessages).orderBy(desc(smsMessages.id)).limit(limit);
}
