import { randomInt } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Queryable } from "~/db/client";
import { localDate, type WorkingCalendar } from "../calendar/working-calendar";
import { getSetting } from "../settings";

export const NUMBER_PREFIX_SETTING = "tickets.number_prefix";

/**
 * 办件编号: optional prefix + local date + 5-digit daily sequence, e.g. 2026030200017. Digits only
 * by default so a caller can key it in on the phone; sortable by date. The counter row is
 * incremented by an upsert, which PostgreSQL serialises per day, so concurrent intakes never
 * share a number.
 */
export async function issueTicketNumber(db: Queryable, calendar: WorkingCalendar, at: Date): Promise<string> {
  const day = localDate(calendar, at);
  const [row] = await queryRows<{ last: number }>(
    db,
    sql`insert into ticket_number_counters (day, last) values (${day}, 1)
        on conflict (day) do update set last = ticket_number_counters.last + 1
        returning last`,
  );
  const prefix = await getSetting(db, NUMBER_PREFIX_SETTING, z.string().regex(/^[A-Z0-9-]{0,8}$/), "");
  return `${prefix}${day.replaceAll("-", "")}${String(row!.last).padStart(5, "0")}`;
}

/** The citizen's query code: six digits, enough with rate limiting, easy to read out and type. */
export function generateQueryCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}
