import { isDeepStrictEqual } from "node:util";
import { and, count, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Queryable } from "~/db/client";
import { dispatchSuggestionLog, type ShownSuggestion } from "~/db/schema";

/**
 * Records that suggestions were shown for a ticket. A ticket shown again with the same
 * suggestions (same model, same text) keeps its row as it is: the dispatch desk shows every
 * undecided ticket on every view, and rewriting unchanged rows made each view a durable write.
 * Different suggestions (a retrained model, an edited ticket) replace an undecided row; a decided
 * one is left as it was decided.
 */
export async function recordShownSuggestions(db: Queryable, entries: { ticketId: number; modelId: number; suggestions: ShownSuggestion[] }[], at: Date) {
  const shown = entries.filter((e) => e.suggestions.length > 0);
  if (shown.length === 0) return;
  const logged = await db
    .select({ ticketId: dispatchSuggestionLog.ticketId, modelId: dispatchSuggestionLog.modelId, suggestions: dispatchSuggestionLog.suggestions })
    .from(dispatchSuggestionLog)
    .where(inArray(dispatchSuggestionLog.ticketId, shown.map((e) => e.ticketId)));
  const loggedByTicket = new Map(logged.map((row) => [row.ticketId, row]));
  const changed = shown.filter((e) => {
    const row = loggedByTicket.get(e.ticketId);
    return !row || row.modelId !== e.modelId || !isDeepStrictEqual(row.suggestions, e.suggestions);
  });
  if (changed.length === 0) return;
  await db
    .insert(dispatchSuggestionLog)
    .values(changed.map((e) => ({ ticketId: e.ticketId, modelId: e.modelId, suggestions: e.suggestions, topScore: e.suggestions[0]!.score, shownAt: at })))
    .onConflictDoUpdate({
      target: dispatchSuggestionLog.ticketId,
      set: { modelId: sql`excluded.model_id`, suggestions: sql`excluded.suggestions`, topScore: sql`excluded.top_score`, shownAt: sql`excluded.shown_at` },
      setWhere: isNull(dispatchSuggestionLog.decidedAt),
    });
}

/**
 * After a dispatch: accepted when the ticket went to suggestion #1, overridden otherwise. Only
 * the first dispatch after a showing counts: a re-dispatch after a return is not re-judged.
 */
export async function recordDispatchDecision(db: Queryable, decision: { ticketId: number; leadDepartmentId: number; by: string; at: Date }) {
  const [row] = await db.select().from(dispatchSuggestionLog).where(and(eq(dispatchSuggestionLog.ticketId, decision.ticketId), isNull(dispatchSuggestionLog.decidedAt)));
  if (!row) return;
  await db
    .update(dispatchSuggestionLog)
    .set({
      dispatchedDepartmentId: decision.leadDepartmentId,
      accepted: row.suggestions[0]?.departmentId === decision.leadDepartmentId,
      decidedAt: decision.at,
      decidedBy: decision.by,
    })
    .where(eq(dispatchSuggestionLog.ticketId, decision.ticketId));
}

/**
 * The acceptance rate is taken over the latest decisions, not the whole history: it says how the
 * current model is doing, and it costs the same on the first day as after years of dispatches
 * (counting every decision ever made was a scan of one row per dispatched ticket on every view of
 * the dispatch desk).
 */
export const ACCEPTANCE_WINDOW = 500;

export interface AcceptanceRate {
  /** Decisions counted: the latest ones, at most ACCEPTANCE_WINDOW. */
  decided: number;
  accepted: number;
  /** accepted / decided, null before any decision. */
  rate: number | null;
}

export async function getAcceptanceRate(db: Queryable): Promise<AcceptanceRate> {
  const latest = db
    .select({ accepted: dispatchSuggestionLog.accepted })
    .from(dispatchSuggestionLog)
    .where(isNotNull(dispatchSuggestionLog.decidedAt))
    .orderBy(desc(dispatchSuggestionLog.decidedAt))
    .limit(ACCEPTANCE_WINDOW)
    .as("latest");
  const [row] = await db.select({ decided: count(), accepted: sql<number>`count(*) filter (where ${latest.accepted})`.mapWith(Number) }).from(latest);
  const decided = row?.decided ?? 0;
  const accepted = row?.accepted ?? 0;
  return { decided, accepted, rate: decided ? accepted / decided : null };
}
