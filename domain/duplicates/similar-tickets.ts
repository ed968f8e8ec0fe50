import { and, desc, gte, inArray, ne } from "drizzle-orm";
import type { Queryable } from "~/db/client";
import { tickets } from "~/db/schema";
import { STATE_TYPES, type TicketState } from "../tickets/states";
import { type Bigrams, cachedCharacterBigrams, characterBigrams, diceSimilarity } from "./text-similarity";

/** Tickets still being worked on (open or paused): the ones a new report can join. */
const MERGEABLE_STATES = (Object.keys(STATE_TYPES) as TicketState[]).filter((s) => STATE_TYPES[s] !== "closed");

export const DUPLICATE_WINDOW_DAYS = 7;
/** Newest open tickets compared per lookup; a county centre has far fewer in a week. */
const MAX_CANDIDATES = 1000;
/**
 * A candidate is shown when its combined score reaches this; text alone must reach TEXT_FLOOR so
 * that two different problems at one address are not called duplicates.
 */
const SCORE_THRESHOLD = 0.35;
const TEXT_FLOOR = 0.2;

export interface DuplicateQuery {
  title: string;
  description: string;
  address?: string | null;
  area?: string | null;
  /** The ticket being checked, never its own duplicate. */
  excludeTicketId?: number | null;
  now: Date;
  windowDays?: number;
  limit?: number;
}

export interface SimilarTicket {
  id: number;
  number: string;
  title: string;
  state: TicketState;
  area: string | null;
  address: string | null;
  createdAt: Date;
  /** 0–1: text similarity weighted with the place. */
  score: number;
}

/** Same place: identical address 1, similar address by bigrams, same area only 0.5, else 0. */
function placeSimilarity(query: DuplicateQuery, addressGrams: Bigrams | null, candidate: { address: string | null; area: string | null }): number {
  if (addressGrams && candidate.address) {
    const similar = diceSimilarity(addressGrams, cachedCharacterBigrams(candidate.address));
    if (similar > 0.5) return similar;
  }
  const area = query.area?.trim();
  return area && candidate.area === area ? 0.5 : 0;
}

/**
 * Open tickets of the last days that look like the same report: text (title + description) by
 * character bigrams, weighted 0.7, and place (address, area) weighted 0.3. Best first.
 */
export async function findSimilarOpenTickets(db: Queryable, query: DuplicateQuery): Promise<SimilarTicket[]> {
  const since = new Date(query.now.getTime() - (query.windowDays ?? DUPLICATE_WINDOW_DAYS) * 86_400_000);
  const conditions = [inArray(tickets.state, MERGEABLE_STATES), gte(tickets.createdAt, since)];
  if (query.excludeTicketId) conditions.push(ne(tickets.id, query.excludeTicketId));
  const candidates = await db
    .select({
      id: tickets.id,
      number: tickets.number,
      title: tickets.title,
      description: tickets.description,
      state: tickets.state,
      area: tickets.area,
      address: tickets.address,
      createdAt: tickets.createdAt,
    })
    .from(tickets)
    .where(and(...conditions))
    .orderBy(desc(tickets.createdAt))
    .limit(MAX_CANDIDATES);
  const grams = characterBigrams(`${query.title} ${query.description}`);
  const address = query.address?.trim();
  const addressGrams = address ? characterBigrams(address) : null;
  return candidates
    .map(({ description, ...c }) => {
      // The candidates are mostly the same open tickets lookup after lookup: their bigrams are kept.
      const text = diceSimilarity(grams, cachedCharacterBigrams(`${c.title} ${description}`));
      return { ...c, text, score: 0.7 * text + 0.3 * placeSimilarity(query, addressGrams, c) };
    })
    .filter((c) => c.text >= TEXT_FLOOR && c.score >= SCORE_THRESHOLD)
    .sort((a, b) => b.score - a.score)
    .slice(0, query.limit ?? 5)
    .map(({ text: _text, ...c }) => ({ ...c, score: Math.round(c.score * 100) / 100 }));
}
