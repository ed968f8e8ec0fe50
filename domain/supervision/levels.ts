import { eq } from "drizzle-orm";
import type { Queryable } from "~/db/client";
import { type SupervisionLevel, type SupervisionLevelRule, SUPERVISION_LEVELS, supervisionLevels } from "~/db/schema";

const HOUR_MS = 3_600_000;

/** The active levels in escalation order. */
export async function loadActiveLevels(db: Queryable): Promise<SupervisionLevelRule[]> {
  const rows = await db.select().from(supervisionLevels).where(eq(supervisionLevels.active, true));
  return rows.sort((a, b) => SUPERVISION_LEVELS.indexOf(a.level) - SUPERVISION_LEVELS.indexOf(b.level));
}

/** A running deadline as the rules see it. */
export interface WatchedDeadline {
  dueAt: Date;
  startedAt: Date;
}

/**
 * When `rule` fires for a deadline: hours relative to the deadline, and for the warning also when
 * the given share of the allowed time is used, whichever comes first.
 */
export function fireTimeOf(rule: Pick<SupervisionLevelRule, "hoursAfterDue" | "shareUsed">, deadline: WatchedDeadline): Date {
  const byHours = deadline.dueAt.getTime() + rule.hoursAfterDue * HOUR_MS;
  if (rule.shareUsed === null) return new Date(byHours);
  const allowed = deadline.dueAt.getTime() - deadline.startedAt.getTime();
  const byShare = deadline.startedAt.getTime() + rule.shareUsed * allowed;
  return new Date(Math.min(byHours, byShare));
}

/** The levels that come after `lastLevel` (all of them when none has fired yet). */
export function levelsAfter(levels: readonly SupervisionLevelRule[], lastLevel: SupervisionLevel | null): SupervisionLevelRule[] {
  if (lastLevel === null) return [...levels];
  const lastRank = SUPERVISION_LEVELS.indexOf(lastLevel);
  return levels.filter((l) => SUPERVISION_LEVELS.indexOf(l.level) > lastRank);
}

export interface EscalationStep {
  /** Levels that have fired by `now`, in order; each becomes one record. */
  due: SupervisionLevelRule[];
  /** The last level fired (unchanged when none is due). */
  lastLevel: SupervisionLevel | null;
  /** When the next level fires, or null when none is left. */
  nextAt: Date | null;
}

/**
 * What a sweep at `now` does with one deadline. Fire times are made non-decreasing along the
 * escalation order, so a misconfigured rule cannot fire a higher level before a lower one; levels
 * whose time passed while no sweep ran all fire now, so no level is ever skipped.
 */
export function escalate(levels: readonly SupervisionLevelRule[], deadline: WatchedDeadline, lastLevel: SupervisionLevel | null, now: Date): EscalationStep {
  const due: SupervisionLevelRule[] = [];
  let floor = 0;
  for (const rule of levelsAfter(levels, lastLevel)) {
    const at = Math.max(floor, fireTimeOf(rule, deadline).getTime());
    floor = at;
    if (at > now.getTime()) return { due, lastLevel: due.at(-1)?.level ?? lastLevel, nextAt: new Date(at) };
    due.push(rule);
  }
  return { due, lastLevel: due.at(-1)?.level ?? lastLevel, nextAt: null };
}
