import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Database, queryRows } from "~/db/client";
import { departmentDailyStats, tickets } from "~/db/schema";
import { DEFAULT_UTC_OFFSET_MINUTES } from "../calendar/working-calendar";
import type { Clock } from "../clock";
import { getSetting, putSetting } from "../settings";

const WATERMARK_SETTING = "stats.rollup_watermark";
/**
 * Changes are re-read with this much overlap: a transaction may commit after a later one, with an
 * older updated_at. Recomputing a day twice is harmless; missing one is not.
 */
const OVERLAP_MS = 10 * 60_000;
const ZONE = `${DEFAULT_UTC_OFFSET_MINUTES / 60} hours`;

/**
 * Brings department_daily_stats up to date: every local day (of intake) that has a ticket changed
 * since the last run is recomputed from the tickets' facts, for all departments at once (a ticket
 * may have moved from one department to another). `full` recomputes every day.
 */
export async function rollUpDepartmentStats(deps: { db: Database; clock: Clock }, options: { full?: boolean } = {}): Promise<{ days: number }> {
  const now = deps.clock.now();
  const watermark = options.full ? null : await getSetting(deps.db, WATERMARK_SETTING, z.object({ at: z.string() }).nullable(), null);
  const since = watermark ? new Date(new Date(watermark.at).getTime() - OVERLAP_MS) : new Date(0);
  const days = await queryRows<{ day: string }>(
    deps.db,
    // `at time zone 'UTC'` first: to_char of a timestamptz would use the session's TimeZone.
    sql`select distinct to_char((${tickets.createdAt} at time zone 'UTC') + interval '${sql.raw(ZONE)}', 'YYYY-MM-DD') as day
        from ${tickets}
        where ${tickets.updatedAt} > ${since.toISOString()}::timestamptz and ${tickets.leadDepartmentId} is not null`,
  );
  for (const { day } of days) await recomputeDay(deps.db, day, now);
  await putSetting(deps.db, WATERMARK_SETTING, { at: now.toISOString() }, now);
  return { days: days.length };
}

async function recomputeDay(db: Database, day: string, now: Date): Promise<void> {
  const start = sql`(${day}::date::timestamp - interval '${sql.raw(ZONE)}') at time zone 'UTC'`;
  const levels = (defaulted: boolean) =>
    sql.join(
      [1, 2, 3, 4, 5].map((level) => sql`count(*) filter (where final_rating = ${level} and rating_defaulted = ${defaulted})::int`),
      sql`, `,
    );
  await db.transaction(async (tx) => {
    await tx.execute(sql`delete from ${departmentDailyStats} where day = ${day}::date`);
    await tx.execute(sql`
      insert into ${departmentDailyStats} (department_id, day, received, signed, signed_on_time, replied, replied_on_time,
        resolved_answered, resolved_yes, rated, defaulted, reworked, rework_rounds, computed_at)
      select lead_department_id, ${day}::date,
        count(*)::int,
        count(*) filter (where signed_late is not null)::int,
        count(*) filter (where signed_late = false)::int,
        count(*) filter (where replied_late is not null)::int,
        count(*) filter (where replied_late = false)::int,
        count(*) filter (where resolved is not null)::int,
        count(*) filter (where resolved)::int,
        array[${levels(false)}],
        array[${levels(true)}],
        count(*) filter (where round > 0)::int,
        coalesce(sum(round), 0)::int,
        ${now.toISOString()}::timestamptz
      from ${tickets}
      where lead_department_id is not null and created_at >= ${start} and created_at < ${start} + interval '1 day'
      group by lead_department_id`);
  });
}
