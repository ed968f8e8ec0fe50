import { and, desc, eq, inArray } from "drizzle-orm";
import type { Queryable } from "~/db/client";
import { departments, ticketEvents, tickets } from "~/db/schema";
import { type TicketActor, ticketVisibility } from "./access";

export interface ReturnInfo {
  reason: string | null;
  at: Date;
  departmentName: string | null;
}

/**
 * For the dispatch desk: the latest 退单 (return) event of each ticket, with the returning
 * department and its reason. Tickets never returned are absent from the map.
 */
export async function latestReturns(db: Queryable, ticketIds: readonly number[]): Promise<Map<number, ReturnInfo>> {
  const result = new Map<number, ReturnInfo>();
  if (ticketIds.length === 0) return result;
  const rows = await db
    .select({ ticketId: ticketEvents.ticketId, reason: ticketEvents.reason, at: ticketEvents.at, departmentName: departments.name })
    .from(ticketEvents)
    .leftJoin(departments, eq(departments.id, ticketEvents.departmentId))
    .where(and(inArray(ticketEvents.ticketId, [...ticketIds]), eq(ticketEvents.action, "return")))
    .orderBy(desc(ticketEvents.id));
  for (const row of rows) {
    if (!result.has(row.ticketId)) result.set(row.ticketId, { reason: row.reason, at: row.at, departmentName: row.departmentName });
  }
  return result;
}

/** Ticket numbers by id (those `viewer` may see), to name the tickets of a batch in its report. */
export async function ticketNumbers(db: Queryable, viewer: TicketActor, ticketIds: readonly number[]): Promise<Map<number, string>> {
  if (ticketIds.length === 0) return new Map();
  const rows = await db
    .select({ id: tickets.id, number: tickets.number })
    .from(tickets)
    .where(and(inArray(tickets.id, [...ticketIds]), ticketVisibility(viewer)));
  return new Map(rows.map((r) => [r.id, r.number]));
}
