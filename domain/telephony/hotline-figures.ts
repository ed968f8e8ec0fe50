import { sql } from "drizzle-orm";
import { type Queryable, queryRows } from "~/db/client";

/** GB/T 33358-2016: a call should be answered within 15 seconds. */
export const ANSWER_TARGET_SECONDS = 15;

export interface HotlineFigures {
  calls: number;
  queued: number;
  answeredWithinTarget: number;
  /** answeredWithinTarget / queued; null when nobody queued. */
  answeredWithinTargetShare: number | null;
  abandoned: number;
  voicemail: number;
  averageWaitSeconds: number | null;
  liveQueue: number;
  perHour: { hour: string; calls: number }[];
}

/**
 * Hotline figures over [from, to): calls, queue outcomes and waits, calls per local hour, and the
 * queue right now. Waits count from entering the queue to leaving it (operator, voicemail or
 * hang-up).
 */
export async function getHotlineFigures(db: Queryable, range: { from: Date; to: Date }, timeZone = "Asia/Shanghai"): Promise<HotlineFigures> {
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const inRange = sql`started_at >= ${from}::timestamptz and started_at < ${to}::timestamptz`;
  const [totals] = await queryRows<{ calls: number; queued: number; within: number; abandoned: number; voicemail: number; avg_wait: number | null }>(
    db,
    sql`select count(*)::int as calls,
               count(enqueued_at)::int as queued,
               count(*) filter (where connected_at is not null and connected_at - enqueued_at <= make_interval(secs => ${ANSWER_TARGET_SECONDS}))::int as within,
               count(*) filter (where queue_result = 'hangup')::int as abandoned,
               count(*) filter (where queue_result = 'voicemail')::int as voicemail,
               avg(extract(epoch from queue_left_at - enqueued_at))::float8 as avg_wait
        from calls where ${inRange}`,
  );
  const perHour = await queryRows<{ hour: string; calls: number }>(
    db,
    sql`select to_char(date_trunc('hour', started_at at time zone ${timeZone}), 'YYYY-MM-DD HH24:00') as hour, count(*)::int as calls
        from calls where ${inRange} group by 1 order by 1`,
  );
  const [live] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from calls where enqueued_at is not null and queue_left_at is null and status_rank < 4`);
  const t = totals!;
  return {
    calls: t.calls,
    queued: t.queued,
    answeredWithinTarget: t.within,
    answeredWithinTargetShare: t.queued ? t.within / t.queued : null,
    abandoned: t.abandoned,
    voicemail: t.voicemail,
    averageWaitSeconds: t.avg_wait === null ? null : Math.round(Number(t.avg_wait) * 10) / 10,
    liveQueue: live!.n,
    perHour,
  };
}
