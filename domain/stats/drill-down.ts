import { and, desc, eq, gt, gte, lt, type SQL, sql } from "drizzle-orm";
import type { Queryable } from "~/db/client";
import { tickets } from "~/db/schema";
import { DEFAULT_UTC_OFFSET_MINUTES } from "../calendar/working-calendar";
import { ticketVisibility, type TicketActor } from "../tickets/access";
import { presentTicket } from "../tickets/queries";
import type { Period } from "./rates";
import type { StatsDefinitions } from "./definitions";

/** The tickets behind each number on the statistics pages. */
export const DRILL_DOWN_MEASURES = ["received", "signed_late", "replied_late", "unresolved", "dissatisfied", "reworked"] as const;
export type DrillDownMeasure = (typeof DRILL_DOWN_MEASURES)[number];

function measureCondition(measure: DrillDownMeasure, definitions: StatsDefinitions): SQL | undefined {
  switch (measure) {
    case "received":
      return undefined;
    case "signed_late":
      return eq(tickets.signedLate, true);
    case "replied_late":
      return eq(tickets.repliedLate, true);
    case "unresolved":
      return eq(tickets.resolved, false);
    case "dissatisfied":
      return and(
        sql`${tickets.finalRating} is not null`,
        sql`not (${tickets.finalRating} = any(${`{${definitions.satisfiedLevels.join(",")}}`}::int[]))`,
        definitions.includeDefaulted ? undefined : eq(tickets.ratingDefaulted, false),
      );
    case "reworked":
      return gt(tickets.round, 0);
  }
}

export const DRILL_DOWN_PAGE_SIZE = 50;

/** Local midnight of a "YYYY-MM-DD" date as an instant. */
function localMidnight(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - DEFAULT_UTC_OFFSET_MINUTES * 60_000);
}

export async function drillDown(
  db: Queryable,
  viewer: TicketActor,
  query: { departmentId: number; period: Period; measure: DrillDownMeasure; page: number; definitions: StatsDefinitions },
) {
  const end = new Date(localMidnight(query.period.to).getTime() + 86_400_000);
  const where = and(
    ticketVisibility(viewer),
    eq(tickets.leadDepartmentId, query.departmentId),
    gte(tickets.createdAt, localMidnight(query.period.from)),
    lt(tickets.createdAt, end),
    measureCondition(query.measure, query.definitions),
  );
  const rows = await db
    .select()
    .from(tickets)
    .where(where)
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(DRILL_DOWN_PAGE_SIZE)
    .offset((query.page - 1) * DRILL_DOWN_PAGE_SIZE);
  const [total] = await db.select({ n: sql<number>`count(*)::int` }).from(tickets).where(where);
  return { rows: rows.map((t) => presentTicket(viewer, t)), total: total?.n ?? 0 };
}
