import { and, desc, isNotNull } from "drizzle-orm";
import type { Queryable } from "~/db/client";
import { tickets } from "~/db/schema";
import type { LabelledText } from "./classifier";

/** Training beyond this many recent dispatches adds time, not accuracy (and history drifts). */
export const MAX_TRAINING_TICKETS = 20_000;
/** Below this there is nothing worth learning: the desk says so instead of guessing. */
export const MIN_TRAINING_TICKETS = 30;

/** What the classifier reads of a ticket; the same for training and for a new ticket. */
export function ticketText(ticket: { title: string; description: string }): string {
  return `${ticket.title}\n${ticket.description}`;
}

/**
 * The centre's own history: every ticket that was dispatched, labelled with the department that
 * leads it now (after any returns and re-dispatches: the department that finally took it).
 */
export async function listTrainingExamples(db: Queryable, limit = MAX_TRAINING_TICKETS): Promise<LabelledText[]> {
  const rows = await db
    .select({ title: tickets.title, description: tickets.description, departmentId: tickets.leadDepartmentId })
    .from(tickets)
    .where(and(isNotNull(tickets.dispatchedAt), isNotNull(tickets.leadDepartmentId)))
    .orderBy(desc(tickets.dispatchedAt))
    .limit(limit);
  return rows.map((r) => ({ text: ticketText(r), label: String(r.departmentId) }));
}
