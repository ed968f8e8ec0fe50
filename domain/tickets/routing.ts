import { and, eq, inArray, isNull, or } from "drizzle-orm";
import type { Queryable } from "~/db/client";
import { departments, routingRules } from "~/db/schema";

interface RoutedTicket {
  categoryId: number | null;
  area: string | null;
}

/**
 * 按责转办 as data: the default lead department for a ticket's category, a rule for its area
 * beating the category-wide one. Null when no rule matches (the dispatcher decides).
 */
export async function suggestDepartment(db: Queryable, ticket: RoutedTicket): Promise<number | null> {
  const [suggested] = await suggestDepartmentsForTickets(db, [ticket]);
  return suggested ?? null;
}

/** The same for a page of tickets, in one query (the dispatch desk shows twenty at a time). */
export async function suggestDepartmentsForTickets(db: Queryable, tickets: readonly RoutedTicket[]): Promise<(number | null)[]> {
  const categoryIds = [...new Set(tickets.flatMap((t) => (t.categoryId === null ? [] : [t.categoryId])))];
  if (!categoryIds.length) return tickets.map(() => null);
  const areas = [...new Set(tickets.flatMap((t) => (t.area ? [t.area] : [])))];
  const rules = await db
    .select({ categoryId: routingRules.categoryId, departmentId: routingRules.departmentId, area: routingRules.area })
    .from(routingRules)
    .innerJoin(departments, eq(departments.id, routingRules.departmentId))
    .where(
      and(
        inArray(routingRules.categoryId, categoryIds),
        eq(departments.active, true),
        areas.length ? or(isNull(routingRules.area), inArray(routingRules.area, areas)) : isNull(routingRules.area),
      ),
    );
  return tickets.map(({ categoryId, area }) => {
    const matching = rules.filter((r) => r.categoryId === categoryId && (r.area === null || r.area === area));
    const specific = matching.find((r) => r.area !== null);
    return (specific ?? matching[0])?.departmentId ?? null;
  });
}
