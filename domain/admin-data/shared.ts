import type { AuditTarget } from "../audit";

/**
 * Administrator-editable data (time limits, calendar, routing, categories, ticket settings) is
 * audited as configuration: the target is a "setting" whose id names the table row or setting key.
 */
export function configTarget(id: string, label: string): AuditTarget {
  return { type: "setting", id, label };
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real calendar date written "YYYY-MM-DD" (no 2026-02-30). */
export function isRealDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Before/after pairs of the fields that changed, for audit details. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T): Record<string, { from: unknown; to: unknown }> {
  return Object.fromEntries(
    Object.keys(after)
      .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      .map((key) => [key, { from: before[key], to: after[key] }]),
  );
}
