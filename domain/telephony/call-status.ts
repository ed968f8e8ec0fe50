/**
 * Twilio call and message statuses in the order a call or SMS goes through them. Callbacks may
 * repeat or arrive out of order; a status is applied only when its rank is higher than the stored
 * one, so the final status always wins and nothing moves a call backwards. All terminal statuses
 * share the top rank: the first one reported is kept.
 */
const CALL_STATUS_RANK: Record<string, number> = {
  queued: 0,
  initiated: 1,
  ringing: 2,
  "in-progress": 3,
  completed: 4,
  busy: 4,
  "no-answer": 4,
  failed: 4,
  canceled: 4,
};

export const TERMINAL_CALL_RANK = 4;

export function callStatusRank(status: string): number | null {
  return CALL_STATUS_RANK[status] ?? null;
}

const SMS_STATUS_RANK: Record<string, number> = {
  accepted: 0,
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  receiving: 3,
  received: 4,
  delivered: 4,
  undelivered: 4,
  failed: 4,
  canceled: 4,
  read: 5,
};

export function smsStatusRank(status: string): number | null {
  return SMS_STATUS_RANK[status] ?? null;
}
