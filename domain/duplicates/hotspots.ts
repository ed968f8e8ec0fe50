import { desc, eq, gte } from "drizzle-orm";
import type { Queryable } from "~/db/client";
import { categories, tickets } from "~/db/schema";
import { type Bigrams, characterBigrams, diceSimilarity } from "./text-similarity";

/**
 * Tickets of the period looked at, newest first. Clustering reads and compares every text on each
 * view (~80 ms of CPU for 5,000), so a city-scale period (thousands of tickets a day) is cut to its
 * newest tickets, and the result says from when it counted (`coverage`).
 */
const MAX_TICKETS = 5000;
/** Two tickets of one area and category belong to one hot spot when their texts are this alike. */
const CLUSTER_SIMILARITY = 0.3;
/** A hot spot is several citizens reporting the same thing. */
const MIN_CLUSTER_SIZE = 2;
const DAY_MS = 86_400_000;

export interface Hotspot {
  area: string | null;
  categoryName: string | null;
  count: number;
  /** Tickets per day over the period, oldest day first; null for a day before `coverage.since`. */
  perDay: (number | null)[];
  /** Up to three of its tickets, newest first. */
  examples: { id: number; number: string; title: string }[];
}

export interface HotspotCoverage {
  /** Tickets of the period analysed. */
  tickets: number;
  /** Set when the period held more than could be analysed: the oldest analysed ticket's time. */
  since: Date | null;
}

interface Cluster {
  grams: Bigrams;
  members: { id: number; number: string; title: string; createdAt: Date }[];
}

/**
 * Similar tickets of the last `days` days, grouped by area and category and then by text
 * (greedy: a ticket joins the first cluster of its group whose first ticket it resembles), the
 * biggest first. Greedy clustering is order-dependent but linear per group, and for the question
 * "what are many people reporting at once" its rough edges do not matter.
 */
export async function listHotspots(
  db: Queryable,
  options: { now: Date; days: number; offset: number; limit: number; maxTickets?: number },
): Promise<{ rows: Hotspot[]; total: number; coverage: HotspotCoverage }> {
  const since = new Date(options.now.getTime() - options.days * DAY_MS);
  const maxTickets = options.maxTickets ?? MAX_TICKETS;
  const read = await db
    .select({ id: tickets.id, number: tickets.number, title: tickets.title, description: tickets.description, area: tickets.area, categoryName: categories.name, createdAt: tickets.createdAt })
    .from(tickets)
    .leftJoin(categories, eq(categories.id, tickets.categoryId))
    .where(gte(tickets.createdAt, since))
    .orderBy(desc(tickets.createdAt))
    .limit(maxTickets + 1);
  const rows = read.slice(0, maxTickets);
  const coverage: HotspotCoverage = { tickets: rows.length, since: read.length > maxTickets ? rows.at(-1)!.createdAt : null };
  const groups = new Map<string, { area: string | null; categoryName: string | null; clusters: Cluster[] }>();
  for (const row of rows) {
    const key = JSON.stringify([row.area?.trim() || null, row.categoryName]);
    let group = groups.get(key);
    if (!group) {
      group = { area: row.area?.trim() || null, categoryName: row.categoryName, clusters: [] };
      groups.set(key, group);
    }
    const grams = characterBigrams(`${row.title} ${row.description}`);
    const member = { id: row.id, number: row.number, title: row.title, createdAt: row.createdAt };
    const home = group.clusters.find((c) => diceSimilarity(c.grams, grams) >= CLUSTER_SIMILARITY);
    if (home) home.members.push(member);
    else group.clusters.push({ grams, members: [member] });
  }
  const hotspots = [...groups.values()]
    .flatMap((g) => g.clusters.filter((c) => c.members.length >= MIN_CLUSTER_SIZE).map((c) => toHotspot(g, c, options.now, options.days, coverage.since)))
    .sort((a, b) => b.count - a.count || (b.examples[0]?.id ?? 0) - (a.examples[0]?.id ?? 0));
  return { rows: hotspots.slice(options.offset, options.offset + options.limit), total: hotspots.length, coverage };
}

function toHotspot(group: { area: string | null; categoryName: string | null }, cluster: Cluster, now: Date, days: number, coveredSince: Date | null): Hotspot {
  // Counted back from now: the last bar is the last 24 hours.
  const dayOf = (at: Date) => Math.min(days - 1, Math.max(0, days - 1 - Math.floor((now.getTime() - at.getTime()) / DAY_MS)));
  // Days wholly before the analysed tickets were not counted: null, not 0.
  const firstCounted = coveredSince ? dayOf(coveredSince) : 0;
  const perDay = Array.from({ length: days }, (_, day): number | null => (day < firstCounted ? null : 0));
  for (const m of cluster.members) {
    const day = dayOf(m.createdAt);
    perDay[day] = (perDay[day] ?? 0) + 1;
  }
  return {
    area: group.area,
    categoryName: group.categoryName,
    count: cluster.members.length,
    perDay,
    examples: cluster.members.slice(0, 3).map(({ id, number, title }) => ({ id, number, title })),
  };
}
