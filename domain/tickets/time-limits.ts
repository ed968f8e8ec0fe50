import type { Queryable } from "~/db/client";
import { type LimitUnit, type RequestType, type Ticket, type TimeLimitRule, timeLimitRules, type Urgency } from "~/db/schema";
import { addWorkingDays, addWorkingHours, type WorkingCalendar } from "../calendar/working-calendar";

/** The earliest running deadline: what a countdown shows and what "due soon / overdue" means. */
export function currentDeadline(t: Pick<Ticket, "dispatchDueAt" | "signDueAt" | "handleDueAt">): Date | null {
  const running = [t.dispatchDueAt, t.signDueAt, t.handleDueAt].filter((d): d is Date => d !== null);
  return running.length ? new Date(Math.min(...running.map((d) => d.getTime()))) : null;
}

export interface TimeLimitSubject {
  requestType: RequestType;
  urgency: Urgency;
  categoryId: number | null;
}

/**
 * Chooses the rule for a ticket: every non-null key of a rule must match; the most specific match
 * wins, a category beating urgency beating request type (so an emergency complaint gets the
 * emergency limits, and a category override beats both); ties go to the lowest id.
 */
export function chooseTimeLimitRule(rules: readonly TimeLimitRule[], subject: TimeLimitSubject): TimeLimitRule | null {
  let best: { rule: TimeLimitRule; score: number } | null = null;
  for (const rule of rules) {
    if (rule.categoryId !== null && rule.categoryId !== subject.categoryId) continue;
    if (rule.urgency !== null && rule.urgency !== subject.urgency) continue;
    if (rule.requestType !== null && rule.requestType !== subject.requestType) continue;
    const score = (rule.categoryId !== null ? 4 : 0) + (rule.urgency !== null ? 2 : 0) + (rule.requestType !== null ? 1 : 0);
    if (!best || score > best.score || (score === best.score && rule.id < best.rule.id)) best = { rule, score };
  }
  return best?.rule ?? null;
}

export async function findTimeLimitRule(db: Queryable, subject: TimeLimitSubject): Promise<TimeLimitRule> {
  return requireTimeLimitRule(await db.select().from(timeLimitRules), subject);
}

/** chooseTimeLimitRule where a ticket must get a rule. */
export function requireTimeLimitRule(rules: readonly TimeLimitRule[], subject: TimeLimitSubject): TimeLimitRule {
  const rule = chooseTimeLimitRule(rules, subject);
  // The seed installs a catch-all rule; without any rule no deadline could be set.
  if (!rule) throw new Error("No time-limit rule matches; keep a catch-all rule in time_limit_rules");
  return rule;
}

/** A deadline `value` `unit`s after `from`: working hours/days on the calendar, or plain clock hours. */
export function dueAfter(calendar: WorkingCalendar, from: Date, value: number, unit: LimitUnit): Date {
  switch (unit) {
    case "working_hours":
      return addWorkingHours(calendar, from, value);
    case "working_days":
      return addWorkingDays(calendar, from, value);
    case "hours":
      return new Date(from.getTime() + value * 3_600_000);
  }
}
