import { randomInt } from "node:crypto";
import { z } from "zod";
import type { Queryable } from "~/db/client";
import { queryPrepared } from "~/db/prepared";
import { localDate, type WorkingCalendar } from "../calendar/working-calendar";

export const NUMBER_PREFIX_SETTING = "tickets.number_prefix";
const prefixSchema = z.string().regex(/^[A-Z0-9-]{0,8}$/);

const RESERVE_NUMBERS = `insert into ticket_number_counters (day, last) values ($1, $2)
  on conflict (day) do update set last = ticket_number_counters.last + excluded.last
  returning last, (select value from settings where key = $3) as prefix`;

/**
 * 办件编号: optional prefix + local date + 5-digit daily sequence, e.g. 2026030200017. Digits only
 * by default so a caller can key it in on the phone; sortable by date.
 *
 * The number is reserved like a sequence value: in one statement of its own, committed at once,
 * never inside the intake transaction. The upsert serialises on the day's counter row only for
 * that statement, so concurrent intakes never share a number and never wait on each other's
 * transactions (holding the row to commit capped intake near 100 tickets/s). The price is a
 * sequence's: an intake that fails after reserving leaves its number unused (docs/decisions/0011).
 * A batch of intakes reserves a block of consecutive numbers per day in that one statement.
 */
export async function reserveTicketNumbers(db: Queryable, calendar: WorkingCalendar, instants: readonly Date[]): Promise<string[]> {
  const days = instants.map((at) => localDate(calendar, at));
  const wanted = new Map<string, number>();
  for (const day of days) wanted.set(day, (wanted.get(day) ?? 0) + 1);
  // One statement per local day (a batch straddles midnight at most once); each takes a block.
  const blocks = new Map(
    await Promise.all(
      [...wanted].map(async ([day, count]) => {
        const [row] = await queryPrepared<{ last: number; prefix: unknown }>(db, RESERVE_NUMBERS, [day, count, NUMBER_PREFIX_SETTING]);
        const prefix = row!.prefix === null || row!.prefix === undefined ? "" : prefixSchema.parse(row!.prefix);
        return [day, { prefix, next: row!.last - count + 1 }] as [string, { prefix: string; next: number }];
      }),
    ),
  );
  return days.map((day) => {
    const block = blocks.get(day)!;
    return `${block.prefix}${day.replaceAll("-", "")}${String(block.next++).padStart(5, "0")}`;
  });
}

/** The citizen's query code: six digits, enough with rate limiting, easy to read out and type. */
export function generateQueryCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}
