import { createHmac, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database, Queryable } from "~/db/client";
import { tickets } from "~/db/schema";
import type { Clock } from "../clock";
import { conflict, notFound } from "../errors";
import { loadOrCreateSecret } from "../secrets";
import type { TicketActor } from "../tickets/access";
import { rateTicket, type RateInput } from "./rate";

const SECRET_KEY = "ratings.link_secret";

/**
 * The web rating link sent with a reply: `ticketId.round.signature`. It rates that round of that
 * ticket only, so it needs no sign-in and cannot be turned to another ticket or a later round.
 */
export async function ratingLinkToken(db: Queryable, now: Date, ticketId: number, round: number): Promise<string> {
  const secret = await loadOrCreateSecret(db, SECRET_KEY, now);
  return `${ticketId}.${round}.${sign(secret, ticketId, round)}`;
}

function sign(secret: string, ticketId: number, round: number): string {
  return createHmac("sha256", secret).update(`rating:${ticketId}:${round}`).digest("base64url").slice(0, 32);
}

/** The ticket and round a token names, or null when it is not one of ours. */
export async function readRatingLink(db: Queryable, now: Date, token: string): Promise<{ ticketId: number; round: number } | null> {
  const match = /^(\d{1,15})\.(\d{1,3})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return null;
  const ticketId = Number(match[1]);
  const round = Number(match[2]);
  const secret = await loadOrCreateSecret(db, SECRET_KEY, now);
  const expected = Buffer.from(sign(secret, ticketId, round));
  const given = Buffer.from(match[3]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { ticketId, round } : null;
}

const citizenOnTheWeb: TicketActor = { id: null, label: "市民（网页评价）", ip: null, roles: [], departmentId: null };

/** What the rating page shows for a token: the ticket's public face and whether it can be rated. */
export async function ratingLinkTarget(db: Database, clock: Clock, token: string) {
  const link = await readRatingLink(db, clock.now(), token);
  if (!link) throw notFound("rating_link_invalid");
  const [ticket] = await db
    .select({ id: tickets.id, number: tickets.number, title: tickets.title, reply: tickets.reply, state: tickets.state, round: tickets.round, finalRating: tickets.finalRating })
    .from(tickets)
    .where(eq(tickets.id, link.ticketId));
  if (!ticket) throw notFound("rating_link_invalid");
  return { ...ticket, open: ticket.state === "replied" && ticket.round === link.round };
}

/** Rates through a link; a link for an earlier round, or a ticket no longer awaiting a rating, is refused. */
export async function rateByLink(deps: { db: Database; clock: Clock; ip: string | null }, token: string, input: Omit<RateInput, "channel" | "sourceRef">) {
  const target = await ratingLinkTarget(deps.db, deps.clock, token);
  if (!target.open) throw conflict("rating_link_closed");
  return rateTicket({ db: deps.db, clock: deps.clock, actor: { ...citizenOnTheWeb, ip: deps.ip } }, target.id, { ...input, channel: "web" });
}
