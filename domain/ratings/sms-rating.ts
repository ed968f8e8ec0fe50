import { and, desc, eq } from "drizzle-orm";
import type { Database } from "~/db/client";
import { tickets } from "~/db/schema";
import type { Clock } from "../clock";
import { citizenPhoneFromCaller } from "../telephony/caller-number";
import type { TicketActor } from "../tickets/access";
import { rateTicket } from "./rate";

/**
 * A digit 1–5 texted back rates the latest reply awaiting a rating among the tickets registered
 * with that number (the SMS itself proves the phone). The message's sid makes a repeated delivery
 * count once. Null when the number has no ticket awaiting a rating.
 */
export async function rateBySms(deps: { db: Database; clock: Clock }, message: { sid: string; from: string; level: number }) {
  const citizenPhone = citizenPhoneFromCaller(message.from);
  if (!citizenPhone) return null;
  const [ticket] = await deps.db
    .select({ id: tickets.id, number: tickets.number })
    .from(tickets)
    .where(and(eq(tickets.citizenPhone, citizenPhone), eq(tickets.state, "replied")))
    .orderBy(desc(tickets.repliedAt))
    .limit(1);
  if (!ticket) return null;
  const actor: TicketActor = { id: null, label: "市民（短信评价）", ip: null, roles: [], departmentId: null };
  await rateTicket({ db: deps.db, clock: deps.clock, actor }, ticket.id, { level: message.level, channel: "sms", sourceRef: message.sid });
  return { ticketNumber: ticket.number };
}
