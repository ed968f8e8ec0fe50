import { and, eq, isNull, or } from "drizzle-orm";
import type { Queryable } from "~/db/client";
import { departments, routingRules } from "~/db/schema";

/**
 * 按责转办 as data: the default lead department for a ticket's category, a rule for its area
 * beating the category-wide one. Null when no rule matches (the dispatcher decides).
 */
export async function suggestDepartment(db: Queryable, ticket: { categoryId: number | null; area: string | null }): Promise<number | null> {
  if (ticket.categoryId === null) return null;
  const rows = await db
    .select({ departmentId: routingRules.departmentId, area: routingRules.area })
    .from(routingRules)
    .innerJoin(departments, eq(departments.id, routingRules.departmentId))
    .where(
      and(
        eq(routingRules.categoryId, ticket.categoryId),
        eq(departments.active, true),
        ticket.area ? or(isNull(routingRules.area), eq(routingRules.area, ticket.area)) : isNull(routingRules.area),
      ),
    );
  const specific = rows.find((r) => r.area !== null);
  return (specific ?? rows[0])?.departmentId ?? null;
}
