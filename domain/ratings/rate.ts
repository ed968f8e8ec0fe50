import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { RATING_CHANNELS, ratings, ratingVerifications, type Ticket } from "~/db/schema";
import { parseInput } from "../command";
import { runTicketAction, type TicketContext } from "../tickets/run-action";
import { completeCallback } from "./callbacks";
import { getRatingPolicy, isBadRating } from "./policy";

const rateSchema = z.object({
  level: z.number({ message: "rating_level_invalid" }).int("rating_level_invalid").min(1, "rating_level_invalid").max(5, "rating_level_invalid"),
  resolved: z.boolean().nullish(),
  comment: z.string().trim().max(1000, "comment_too_long").nullish(),
  channel: z.enum(RATING_CHANNELS),
  /** SMS sid or CallSid: the same message delivered twice rates once. */
  sourceRef: z.string().min(1).max(100).nullish(),
});
export type RateInput = z.input<typeof rateSchema>;

export type RateOutcome = { ticket: Ticket; duplicate: false } | { ticket: null; duplicate: true };

/**
 * Records a citizen's rating of the ticket's current round, from any channel. A good rating closes
 * the round (已回访); a bad one keeps the ticket replied and opens (or refreshes) the round's
 * verification for a supervisor. Rating again in the same round is allowed while the ticket is
 * still replied — the latest counts, the earlier stay in the history.
 */
export async function rateTicket(ctx: TicketContext, ticketId: number, raw: RateInput): Promise<RateOutcome> {
  const input = parseInput(rateSchema, raw);
  if (input.sourceRef) {
    const [seen] = await ctx.db
      .select({ id: ratings.id })
      .from(ratings)
      .where(and(eq(ratings.channel, input.channel), eq(ratings.sourceRef, input.sourceRef)));
    if (seen) return { ticket: null, duplicate: true };
  }
  const ticket = await runTicketAction(ctx, ticketId, "rate", async ({ tx, ticket, now }) => {
    const policy = await getRatingPolicy(tx);
    const bad = isBadRating(policy, input.level);
    const [rating] = await tx
      .insert(ratings)
      .values({
        ticketId,
        round: ticket.round,
        level: input.level,
        resolved: input.resolved ?? null,
        comment: input.comment ?? null,
        channel: input.channel,
        at: now,
        actorId: ctx.actor.id,
        actorLabel: ctx.actor.label,
        sourceRef: input.sourceRef ?? null,
      })
      .returning({ id: ratings.id });
    if (bad) {
      await tx
        .insert(ratingVerifications)
        .values({ ticketId, ratingId: rating!.id, round: ticket.round, createdAt: now })
        .onConflictDoUpdate({ target: [ratingVerifications.ticketId, ratingVerifications.round], set: { ratingId: rating!.id, createdAt: now } });
    } else {
      // A bad rating changed to a good one in the same round: nothing left to verify.
      await tx
        .update(ratingVerifications)
        .set({ status: "withdrawn", decidedAt: now, note: "市民改评" })
        .where(and(eq(ratingVerifications.ticketId, ticketId), eq(ratingVerifications.round, ticket.round), eq(ratingVerifications.status, "pending")));
    }
    // A reached callback is done; another channel's good rating makes the callback unnecessary,
    // while a bad one still gets its call (every bad rating is called back).
    if (input.channel === "callback") await completeCallback(tx, ticketId, ticket.round, { status: "reached", userId: ctx.actor.id, at: now });
    else if (!bad) await completeCallback(tx, ticketId, ticket.round, { status: "cancelled", userId: null, at: now });
    return {
      toState: bad ? "same" : "revisited",
      set: {
        firstRating: ticket.firstRating ?? input.level,
        finalRating: input.level,
        ratingDefaulted: input.channel === "default",
        resolved: input.resolved ?? ticket.resolved,
        closedAt: bad ? null : now,
      },
      reason: input.comment ?? null,
      data: { level: input.level, round: ticket.round, channel: input.channel, resolved: input.resolved ?? null, ratingId: rating!.id },
      channel: input.channel === "sms" ? "sms" : input.channel === "web" ? "web" : input.channel === "default" ? null : "phone",
    };
  });
  return { ticket, duplicate: false };
}
