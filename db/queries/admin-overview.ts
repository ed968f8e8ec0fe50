import { count } from "drizzle-orm";
import type { Queryable } from "../client";
import { auditLog, departments, users } from "../schema";

export async function getAdminOverviewCounts(db: Queryable) {
  const [[d], [u], [a]] = await Promise.all([
    db.select({ value: count() }).from(departments),
    db.select({ value: count() }).from(users),
    db.select({ value: count() }).from(auditLog),
  ]);
  return { departments: d?.value ?? 0, users: u?.value ?? 0, audit: a?.value ?? 0 };
}
