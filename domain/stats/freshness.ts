import { sql } from "drizzle-orm";
import type { Queryable } from "~/db/client";
import { departmentDailyStats } from "~/db/schema";

/**
 * When the daily figures were last (re)computed — max(computed_at) — for the "数据更新于 …" line
 * on the statistics pages; null before the first rollup has produced anything.
 */
export async function statsComputedAt(db: Queryable): Promise<Date | null> {
  const [row] = await db.select({ at: sql<string | Date | null>`max(${departmentDailyStats.computedAt})` }).from(departmentDailyStats);
  const at = row?.at ?? null;
  return at === null ? null : new Date(at);
}
