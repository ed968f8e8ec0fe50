import { sql } from "drizzle-orm";
import { queryRows, type Database } from "~/db/client";

export interface LedgerCheck {
  acknowledged: number;
  /** Acknowledged numbers with no ticket row: promises broken. The target is 0. */
  lost: string[];
  /** Tickets in the database (all made by the run). */
  inDatabase: number;
  /** Committed but never acknowledged (the answer was cut off): not lost, the caller may retry. */
  unacknowledged: number;
  /**
   * Tickets missing part of what createTicket writes in its one transaction: the `create` event,
   * the citizen's `sms.send` outbox row (every run ticket has a phone, see follow-ups.ts), the
   * dispatch deadline watch. Any of these means a half-written ticket.
   */
  halfWritten: { number: string; missing: string[] }[];
}

/** Compares the acknowledged numbers with the tickets the database holds. */
export async function checkLedger(db: Database, acknowledged: readonly string[]): Promise<LedgerCheck> {
  const rows = await queryRows<{ number: string; has_event: boolean; has_sms: boolean; has_watch: boolean; needs_watch: boolean }>(
    db,
    sql`select t.number,
          exists (select 1 from ticket_events e where e.ticket_id = t.id and e.action = 'create') as has_event,
          exists (select 1 from outbox o where o.topic = 'sms.send' and (o.payload->>'ticketId')::bigint = t.id
                    and o.payload->>'kind' = 'accepted') as has_sms,
          exists (select 1 from deadline_watches w where w.ticket_id = t.id and w.kind = 'dispatch') as has_watch,
          t.dispatch_due_at is not null as needs_watch
        from tickets t`,
  );
  const numbers = new Set(rows.map((r) => r.number));
  const acked = new Set(acknowledged);
  const halfWritten = rows
    .map((r) => ({
      number: r.number,
      missing: [!r.has_event && "create event", !r.has_sms && "sms outbox row", r.needs_watch && !r.has_watch && "dispatch watch"].filter(
        (m): m is string => Boolean(m),
      ),
    }))
    .filter((r) => r.missing.length > 0);
  return {
    acknowledged: acked.size,
    lost: [...acked].filter((n) => !numbers.has(n)),
    inDatabase: rows.length,
    unacknowledged: rows.filter((r) => !acked.has(r.number)).length,
    halfWritten,
  };
}
