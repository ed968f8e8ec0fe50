import { and, asc, inArray, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { type Queryable, queryRows } from "~/db/client";
import { type Ticket, ticketEvents, tickets } from "~/db/schema";
import { invalidInput } from "../errors";

/**
 * The change feed for higher-level platforms (存量 + 增量): every ticket event in a stable order,
 * with the tickets they touched as they are now. The cursor is (transaction id, event id) of the
 * last event returned. Event ids are not committed in order, so a page only reaches events of
 * transactions older than the oldest one still running (the snapshot's xmin): nothing can later
 * appear behind the cursor, and reading page after page yields every change exactly once.
 */
const cursorSchema = z.object({ t: z.number().int().min(0), e: z.number().int().min(0) });
type Cursor = z.infer<typeof cursorSchema>;

export const FEED_MAX_PAGE = 1000;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

export function decodeCursor(text: string | null): Cursor {
  if (text === null || text === "") return { t: 0, e: 0 };
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
  } catch {
    throw invalidInput("cursor_invalid", "since");
  }
}

/** What a platform receives of a ticket: no query code; a protected reporter's identity withheld. */
function exportedTicket(ticket: Ticket) {
  const { queryCode: _secret, citizenName, citizenPhone, ...rest } = ticket;
  const withheld = ticket.confidential || ticket.anonymous;
  return { ...rest, citizenName: withheld ? null : citizenName, citizenPhone: withheld ? null : citizenPhone };
}

export async function readTicketFeed(db: Queryable, since: string | null, limit = 500) {
  const cursor = decodeCursor(since);
  const pageSize = Math.min(Math.max(1, limit), FEED_MAX_PAGE);
  const [horizon] = await queryRows<{ xmin: string }>(db, sql`select (pg_snapshot_xmin(pg_current_snapshot())::text) as xmin`);
  const events = await db
    .select()
    .from(ticketEvents)
    .where(
      and(
        sql`(${ticketEvents.txId}, ${ticketEvents.id}) > (${cursor.t}::bigint, ${cursor.e}::bigint)`,
        lt(ticketEvents.txId, Number(horizon!.xmin)),
      ),
    )
    .orderBy(asc(ticketEvents.txId), asc(ticketEvents.id))
    .limit(pageSize);
  if (!events.length) return { tickets: [], cursor: encodeCursor(cursor) };
  const ids = [...new Set(events.map((e) => e.ticketId))];
  const rows = await db.select().from(tickets).where(inArray(tickets.id, ids));
  const byId = new Map(rows.map((t) => [t.id, t]));
  const last = events.at(-1)!;
  return {
    // Tickets in the order of their first event on this page; each with this page's events.
    tickets: ids.map((id) => ({
      ...exportedTicket(byId.get(id)!),
      events: events.filter((e) => e.ticketId === id).map(({ txId: _tx, ...event }) => event),
    })),
    cursor: encodeCursor({ t: last.txId, e: last.id }),
  };
}
