import type { Database } from "~/db/client";
import type { Clock } from "../clock";
import { DomainError } from "../errors";
import type { TicketActor } from "../tickets/access";
import { rateTicket } from "./rate";

const caller: TicketActor = { id: null, label: "市民（电话语音评价）", ip: null, roles: [], departmentId: null };

/**
 * The post-call survey: a caller who gave the ticket's number and query code rates its reply by
 * keypad. The CallSid makes it one rating per call. False when the ticket no longer awaits one.
 */
export async function rateByCall(deps: { db: Database; clock: Clock }, input: { callSid: string; ticketId: number; level: number }): Promise<boolean> {
  try {
    await rateTicket({ db: deps.db, clock: deps.clock, actor: caller }, input.ticketId, { level: input.level, channel: "ivr", sourceRef: input.callSid });
    return true;
  } catch (error) {
    if (error instanceof DomainError && (error.status === 409 || error.status === 404)) return false;
    throw error;
  }
}
