import { and, count, desc, eq, gte, ilike, lt, or, type SQL } from "drizzle-orm";
import type { Queryable } from "~/db/client";
import { auditLog } from "~/db/schema";
import { containsPattern } from "~/db/like";

/** Who did something: a signed-in staff member, or nobody yet (a failed sign-in). */
export interface Actor {
  id: string | null;
  label: string;
  ip: string | null;
}

export const AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.locked",
  "auth.sign_out",
  "user.create",
  "user.update",
  "user.roles_change",
  "user.password_reset",
  "user.deactivate",
  "user.activate",
  "department.create",
  "department.update",
  "personal_data.reveal",
  "settings.update",
  "time_limit_rule.create",
  "time_limit_rule.update",
  "time_limit_rule.delete",
  "calendar.update",
  "routing_rule.create",
  "routing_rule.update",
  "routing_rule.delete",
  "category.create",
  "category.update",
  "outbox.retry",
  "supervision_level.update",
  "job_schedule.update",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditTarget {
  type: "user" | "department" | "ticket" | "setting" | "outbox" | "supervision_level" | "job_schedule";
  id: string | number;
  label: string;
}

export async function recordAudit(
  db: Queryable,
  entry: { action: AuditAction; actor: Actor; at: Date; target?: AuditTarget; detail?: Record<string, unknown> },
): Promise<void> {
  await db.insert(auditLog).values({
    action: entry.action,
    at: entry.at,
    actorId: entry.actor.id,
    actorLabel: entry.actor.label,
    ip: entry.actor.ip,
    targetType: entry.target?.type ?? null,
    targetId: entry.target ? String(entry.target.id) : null,
    targetLabel: entry.target?.label ?? null,
    detail: entry.detail ?? null,
  });
}

export interface AuditFilter {
  action?: AuditAction;
  /** Matches actor or target label, or the IP address. */
  text?: string;
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
}

export async function listAuditEntries(db: Queryable, filter: AuditFilter, page: { offset: number; limit: number }) {
  const conditions: SQL[] = [];
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.from) conditions.push(gte(auditLog.at, filter.from));
  if (filter.to) conditions.push(lt(auditLog.at, filter.to));
  if (filter.text) {
    const pattern = containsPattern(filter.text);
    conditions.push(
      or(ilike(auditLog.actorLabel, pattern), ilike(auditLog.targetLabel, pattern), ilike(auditLog.ip, pattern))!,
    );
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [total]] = await Promise.all([
    db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).offset(page.offset).limit(page.limit),
    db.select({ value: count() }).from(auditLog).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}
