import { and, asc, eq, lte } from "drizzle-orm";
import type { Database } from "~/db/client";
import { ratings, tickets } from "~/db/schema";
import type { Clock } from "../clock";
import { DomainError } from "../errors";
import type { TicketActor } from "../tickets/access";
import { getRatingPolicy } from "./policy";
import { rateTicket } from "./rate";

const system: TicketActor = { id: null, label: "系统（默认评价）", ip: null, roles: [], departmentId: null };

/**
 * Applies the default rating (e.g. 基本满意 after 7 days) to replied tickets nobody rated in time,
 * marked as defaulted. Tickets whose round was rated badly are awaiting verification and are left
 * alone. Selects by the partial index on replied_at, oldest first, in bounded batches.
 */
export async function applyDefaultRatings(deps: { db: Database; clock: Clock }, batchSize = 200): Promise<{ defaulted: number }> {
  const policy = await getRatingPolicy(deps.db);
  const cutoff = new Date(deps.clock.now().getTime() - policy.defaultAfterDays * 86_400_000);
  let defaulted = 0;
  let after = 0;
  for (;;) {
    const due = await deps.db
      .select({ id: tickets.id, finalRating: tickets.finalRating, round: tickets.round })
      .from(tickets)
      .where(and(eq(tickets.state, "replied"), lte(tickets.repliedAt, cutoff)))
      .orderBy(asc(tickets.repliedAt), asc(tickets.id))
      .limit(batchSize)
      .offset(after);
    for (const ticket of due) {
      // Rated badly this round (waiting for verification): not a silence to fill in.
      if (await ratedThisRound(deps.db, ticket.id, ticket.round)) {
        after += 1;
        continue;
      }
      try {
        await rateTicket({ db: deps.db, clock: deps.clock, actor: system }, ticket.id, { level: policy.defaultLevel, channel: "default" });
        defaulted += 1;
      } catch (error) {
        // Someone rated or acted on it meanwhile: nothing to default.
        if (!(error instanceof DomainError && error.status === 409)) throw error;
      }
    }
    if (due.length < batchSize) return { defaulted };
  }
}

async function ratedThisRound(db: Database, ticketId: number, round: number): Promise<boolean> {
  const [row] = await db
    .select({ id: ratings.id })
    .from(ratings)
    .where(and(eq(ratings.ticketId, ticketId), eq(ratings.round, round)))
    .limit(1);
  return row !== undefined;
}
