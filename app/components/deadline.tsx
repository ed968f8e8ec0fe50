import { formatDateTime, messages } from "~/app/i18n";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Less than a quarter of a day left: the badge turns to the warning colour. */
export const DEADLINE_WARNING_MS = DAY_MS / 4;

export type DeadlineStatus = "none" | "paused" | "ok" | "warn" | "overdue";

/**
 * A duration in words, rounded down: "2 天 3 小时" from one day up, "3 小时 20 分钟" from one hour
 * up, "20 分钟" below that. Wall-clock time, not working time: the deadline itself was computed
 * on the working calendar, the badge only says how far away that instant is.
 */
export function formatDuration(ms: number): string {
  const t = messages.worklist.deadline;
  const abs = Math.abs(ms);
  if (abs >= DAY_MS) return t.days(Math.floor(abs / DAY_MS), Math.floor((abs % DAY_MS) / HOUR_MS));
  if (abs >= HOUR_MS) return t.hours(Math.floor(abs / HOUR_MS), Math.floor((abs % HOUR_MS) / MINUTE_MS));
  if (abs >= MINUTE_MS) return t.minutes(Math.floor(abs / MINUTE_MS));
  return t.lessThanMinute;
}

/** How a deadline stands at `now`: overdue at or after the instant, warning within a quarter day. */
export function deadlineStatus(due: Date | null, now: Date, paused = false): DeadlineStatus {
  if (paused) return "paused";
  if (!due) return "none";
  const left = due.getTime() - now.getTime();
  if (left <= 0) return "overdue";
  return left < DEADLINE_WARNING_MS ? "warn" : "ok";
}

const toDate = (value: Date | string | null | undefined) => (value ? (typeof value === "string" ? new Date(value) : value) : null);

/**
 * Countdown / overdue badge for a deadline: 剩余 2 天 3 小时 (neutral), 剩余 5 小时 (warning colour,
 * under a quarter of a day left), 超期 5 小时 (danger colour). `now` comes from the loader (the
 * server's clock), so the server render and hydration print the same text; the badge does not
 * tick — a reload shows the new value. The exact deadline is in the tooltip and for screen readers.
 */
export function Deadline({ due, now, paused = false }: { due: Date | string | null | undefined; now: Date | string; paused?: boolean }) {
  const t = messages.worklist.deadline;
  const dueAt = toDate(due);
  const nowAt = toDate(now)!;
  const status = deadlineStatus(dueAt, nowAt, paused);
  if (status === "paused") return <span className="deadline deadline-paused">{t.paused}</span>;
  if (status === "none" || !dueAt) return <span className="deadline deadline-none">{t.none}</span>;
  const left = dueAt.getTime() - nowAt.getTime();
  const words = status === "overdue" ? messages.tickets.overdueBy(formatDuration(left)) : messages.tickets.dueIn(formatDuration(left));
  const exact = t.dueAt(formatDateTime(dueAt));
  return (
    <span className={`deadline deadline-${status}`} title={exact}>
      {words}
      <span className="visually-hidden">（{exact}）</span>
    </span>
  );
}
