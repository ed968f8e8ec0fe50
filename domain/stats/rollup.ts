import { eq, sql } from "drizzle-orm";
import { type Database, queryRows } from "~/db/client";
import { departmentDailyStats, jobWatermarks, tickets } from "~/db/schema";
import { DEFAULT_UTC_OFFSET_MINUTES } from "../calendar/working-calendar";
import type { Clock } from "../clock";

/** The roll-up's row in job_watermarks: changes up to then are rolled up. */
const WATERMARK_JOB = "stats.rollup";
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
  const [watermark] = options.full ? [] : await deps.db.select({ at: jobWatermarks.at }).from(jobWatermarks).where(eq(jobWatermarks.job, WATERMARK_JOB));
  const since = watermark ? new Date(watermark.at.getTime() - OVERLAP_MS) : new Date(0);
  const days = await queryRows<{ day: string }>(
    deps.db,
    // `at time zone 'UTC'` first: to_char of a timestamptz would use the session's TimeZone.
    sql`select distinct to_char((${tickets.createdAt} at time zone 'UTC') + interval '${sql.raw(ZONE)}', 'YYYY-MM-DD') as day
        from ${tickets}
        where ${tickets.updatedAt} > ${since.toISOString()}::timestamptz and ${tickets.leadDepartmentId} is not null`,
  );
  for (const { day } of days) await recomputeDay(deps.db, day, now);
  // Only after every day is done: a run that fails part-way is redone from the old watermark.
  await deps.db
    .insert(jobWatermarks)
    .values({ job: WATERMARK_JOB, at: now })
    .onConflictDoUpdate({ target: jobWatermarks.job, set: { at: now } });
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
