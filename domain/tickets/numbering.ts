import { randomInt } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Queryable } from "~/db/client";
import { localDate, type WorkingCalendar } from "../calendar/working-calendar";

export const NUMBER_PREFIX_SETTING = "tickets.number_prefix";
const prefixSchema = z.string().regex(/^[A-Z0-9-]{0,8}$/);

/**
 * 办件编号: optional prefix + local date + 5-digit daily sequence, e.g. 2026030200017. Digits only
 * by default so a caller can key it in on the phone; sortable by date.
 *
 * The number is reserved like a sequence value: in one statement of its own, committed at once,
 * never inside the intake transaction. The upsert serialises on the day's counter row only for
 * that statement, so concurrent intakes never share a number and never wait on each other's
 * transactions (holding the row to commit capped intake near 100 tickets/s). The price is a
 * sequence's: an intake that fails after reserving leaves its number unused (docs/decisions/0011).
 */
export async function reserveTicketNumber(db: Queryable, calendar: WorkingCalendar, at: Date): Promise<string> {
  const day = localDate(calendar, at);
  const [row] = await queryRows<{ last: number; prefix: unknown }>(
    db,
    sql`insert into ticket_number_counters (day, last) values (${day}, 1)
        on conflict (day) do update set last = ticket_number_counters.last + 1
        returning last, (select value from settings where key = ${NUMBER_PREFIX_SETTING}) as prefix`,
  );
  const prefix = row!.prefix === null || row!.prefix === undefined ? "" : prefixSchema.parse(row!.prefix);
  return `${prefix}${day.replaceAll("-", "")}${String(row!.last).padStart(5, "0")}`;
}

/** The citizen's query code: six digits, enough with rate limiting, easy to read out and type. */
export function generateQueryCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}
