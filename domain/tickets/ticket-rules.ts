import { eq } from "drizzle-orm";
import { categories, timeLimitRules } from "~/db/schema";
import { cachedAdminData } from "../admin-data/cached";
import { loadWorkingCalendar } from "../calendar/calendar-store";
import { loadActiveLevels } from "../supervision/levels";

/**
 * What writing a ticket reads of the administrators' data: the working calendar deadlines count
 * on, the time-limit rules, the supervision levels deadline watches escalate by, and which
 * categories are in use. Read once per process and kept while it does not change (intake and
 * every ticket action share the copy).
 */
export const loadTicketRules = cachedAdminData(async (db) => {
  const [calendar, timeLimits, levels, activeCategories] = await Promise.all([
    loadWorkingCalendar(db),
    db.select().from(timeLimitRules),
    loadActiveLevels(db),
    db.select({ id: categories.id }).from(categories).where(eq(categories.active, true)),
  ]);
  return { calendar, timeLimits, levels, activeCategoryIds: new Set(activeCategories.map((c) => c.id)) };
});

export type TicketRules = Awaited<ReturnType<typeof loadTicketRules>>;
