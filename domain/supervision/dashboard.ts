import { aliasedTable, and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, ne, type SQL, sql } from "drizzle-orm";
import type { Database, Queryable } from "~/db/client";
import { perDatabase } from "~/db/per-database";
import { deadlineWatches, departments, type SupervisionLevel, supervisionRecords, ticketEvents, tickets, users } from "~/db/schema";
import { DEFAULT_UTC_OFFSET_MINUTES } from "../calendar/working-calendar";
import { DomainError } from "../errors";
import { isDepartmentActor, type TicketActor } from "../tickets/access";
import { STATE_TYPES, TICKET_STATES } from "../tickets/states";
import { recordVisibility } from "./record-access";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Whose picture a dashboard shows: the whole centre (departmentId null) for supervisors, one unit
 * for its lead and handlers. A unit's picture is the tickets it leads (主办) — the deadlines it
 * answers for — and the notices addressed to it.
 */
export interface DashboardScope {
  departmentId: number | null;
}

export function dashboardScopeOf(viewer: Pick<TicketActor, "roles" | "departmentId">): DashboardScope {
  if (viewer.roles.includes("supervisor")) return { departmentId: null };
  if (isDepartmentActor(viewer)) return { departmentId: viewer.departmentId };
  throw new DomainError("action_not_permitted", 403);
}

/** States that are still being worked on (open or paused): what "open tickets" counts. */
export const UNFINISHED_STATES = TICKET_STATES.filter((s) => STATE_TYPES[s] !== "closed");

function ticketScope(scope: DashboardScope): SQL | undefined {
  return scope.departmentId === null ? undefined : eq(tickets.leadDepartmentId, scope.departmentId);
}

/** Unfinished tickets counted by state and by lead department (null: not yet dispatched). */
export async function countOpenTickets(db: Queryable, scope: DashboardScope) {
  const where = and(inArray(tickets.state, UNFINISHED_STATES), ticketScope(scope));
  const [byState, byDepartment] = await Promise.all([
    db.select({ state: tickets.state, count: count() }).from(tickets).where(where).groupBy(tickets.state),
    db
      .select({ departmentId: tickets.leadDepartmentId, departmentName: departments.name, count: count() })
      .from(tickets)
      .leftJoin(departments, eq(departments.id, tickets.leadDepartmentId))
      .where(where)
      .groupBy(tickets.leadDepartmentId, departments.name)
      .orderBy(desc(count()), asc(departments.name)),
  ]);
  const stateCounts = new Map(byState.map((r) => [r.state, r.count]));
  return {
    byState: UNFINISHED_STATES.map((state) => ({ state, count: stateCounts.get(state) ?? 0 })),
    byDepartment,
    total: byState.reduce((sum, r) => sum + r.count, 0),
  };
}

export const DEADLINE_LIST_PAGE_SIZE = 20;

/**
 * Running deadlines from the deadline watches (one row per running deadline, indexed by ticket):
 * "due soon" = due within the next `hours`, "overdue" = already past. A unit sees the sign-for and
 * handling deadlines of the tickets it leads; the dispatch deadline is the centre's.
 */
export async function listDeadlines(
  db: Queryable,
  scope: DashboardScope,
  query: { which: "dueSoon" | "overdue"; now: Date; hours: number; page: number },
) {
  const window =
    query.which === "overdue"
      ? lt(deadlineWatches.dueAt, query.now)
      : and(gte(deadlineWatches.dueAt, query.now), lte(deadlineWatches.dueAt, new Date(query.now.getTime() + query.hours * HOUR_MS)));
  const where = and(window, ticketScope(scope), scope.departmentId === null ? undefined : ne(deadlineWatches.kind, "dispatch"));
  const [rows, [total]] = await Promise.all([
    db
      .select({
        ticketId: tickets.id,
        number: tickets.number,
        title: tickets.title,
        state: tickets.state,
        kind: deadlineWatches.kind,
        dueAt: deadlineWatches.dueAt,
        lastLevel: deadlineWatches.lastLevel,
        departmentName: departments.name,
      })
      .from(deadlineWatches)
      .innerJoin(tickets, eq(tickets.id, deadlineWatches.ticketId))
      .leftJoin(departments, eq(departments.id, tickets.leadDepartmentId))
      .where(where)
      .orderBy(asc(deadlineWatches.dueAt), asc(tickets.id))
      .limit(DEADLINE_LIST_PAGE_SIZE)
      .offset((query.page - 1) * DEADLINE_LIST_PAGE_SIZE),
    db.select({ n: count() }).from(deadlineWatches).innerJoin(tickets, eq(tickets.id, deadlineWatches.ticketId)).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export const TREND_DAYS = 30;

export interface TrendPoint {
  /** Local day, "YYYY-MM-DD" (China time). */
  day: string;
  replies: number;
  late: number;
  /** late / replies; null on a day without replies. */
  rate: number | null;
}

/** "YYYY-MM-DD" of an instant in China time. */
function localDay(at: Date): string {
  return new Date(at.getTime() + DEFAULT_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10);
}

type ReplyCounts = { replies: number; late: number };

/**
 * Reply counts of finished local days, per database and scope. Reply events are appended at the
 * moment they happen and never change, so a day that has ended keeps its counts: a dashboard then
 * reads only today's replies instead of a month of them (about 270,000 at ten million tickets).
 * Events written with a past date behind the application's back (a restore of history) show
 * after a restart.
 */
const finishedDays = perDatabase(() => new Map<string, Map<string, ReplyCounts>>());

/**
 * The overdue rate per local day over the last 30 days, today included: of the replies given that
 * day, the share given after the handling deadline. Each reply event records whether it was late
 * (`data.late`, decided against the deadline in force at the time); replies recorded before that
 * was kept are left out rather than guessed. A unit's trend counts its own replies.
 */
export async function overdueRateTrend(db: Database, scope: DashboardScope, now: Date): Promise<TrendPoint[]> {
  const today = localDay(now);
  const firstDay = new Date(Date.parse(`${today}T00:00:00Z`) - (TREND_DAYS - 1) * DAY_MS);
  const days = Array.from({ length: TREND_DAYS }, (_, i) => new Date(firstDay.getTime() + i * DAY_MS).toISOString().slice(0, 10));
  const scopeKey = String(scope.departmentId ?? "centre");
  const cache = finishedDays(db);
  const known = cache.get(scopeKey) ?? new Map<string, ReplyCounts>();
  cache.set(scopeKey, known);
  for (const day of known.keys()) if (day < days[0]!) known.delete(day);
  // Read from the first finished day not yet known (or today), to now.
  const firstUnknown = days.find((day) => day === today || !known.has(day))!;
  const since = new Date(Date.parse(`${firstUnknown}T00:00:00Z`) - DEFAULT_UTC_OFFSET_MINUTES * 60_000);
  // The day is computed from UTC plus the fixed offset, so it does not depend on the session's time zone.
  const day = sql<string>`to_char((${ticketEvents.at} at time zone 'UTC') + interval '${sql.raw(String(DEFAULT_UTC_OFFSET_MINUTES))} minutes', 'YYYY-MM-DD')`;
  const rows = await db
    .select({
      day,
      replies: count(),
      late: sql<number>`count(*) filter (where (${ticketEvents.data} ->> 'late') = 'true')`.mapWith(Number),
    })
    .from(ticketEvents)
    .where(
      and(
        eq(ticketEvents.action, "reply"),
        gte(ticketEvents.at, since),
        sql`${ticketEvents.data} ? 'late'`,
        scope.departmentId === null ? undefined : eq(ticketEvents.departmentId, scope.departmentId),
      ),
    )
    // By position: the day expression is the first column.
    .groupBy(sql`1`);
  const read = new Map(rows.map((r) => [r.day, { replies: r.replies, late: r.late }]));
  return days.map((key) => {
    let counts = known.get(key);
    if (!counts) {
      counts = read.get(key) ?? { replies: 0, late: 0 };
      if (key < today) known.set(key, counts);
    }
    return { day: key, ...counts, rate: counts.replies ? counts.late / counts.replies : null };
  });
}

export const RESPONSE_FILTERS = ["awaiting", "answered", "not_required"] as const;
export type ResponseFilter = (typeof RESPONSE_FILTERS)[number];

export interface RecordFilter {
  level?: SupervisionLevel;
  response?: ResponseFilter;
  /** Supervisors only; a unit's scope fixes it. */
  departmentId?: number;
  ticketId?: number;
}

export const RECORDS_PAGE_SIZE = 20;

const issuer = aliasedTable(users, "issuer");
const responder = aliasedTable(users, "responder");

function responseCondition(filter: ResponseFilter): SQL {
  switch (filter) {
    case "awaiting":
      return and(eq(supervisionRecords.requiresResponse, true), isNull(supervisionRecords.respondedAt))!;
    case "answered":
      return isNotNull(supervisionRecords.respondedAt);
    case "not_required":
      return eq(supervisionRecords.requiresResponse, false);
  }
}

/** Records with the names a page shows: ticket, department, issuer and responder. */
function selectRecords(db: Queryable, where: SQL | undefined) {
  return db
    .select({
      record: supervisionRecords,
      ticketNumber: tickets.number,
      ticketTitle: tickets.title,
      departmentName: departments.name,
      issuedByName: issuer.displayName,
      respondedByName: responder.displayName,
    })
    .from(supervisionRecords)
    .innerJoin(tickets, eq(tickets.id, supervisionRecords.ticketId))
    .leftJoin(departments, eq(departments.id, supervisionRecords.departmentId))
    .leftJoin(issuer, eq(issuer.id, supervisionRecords.issuedBy))
    .leftJoin(responder, eq(responder.id, supervisionRecords.respondedBy))
    .where(where)
    .$dynamic();
}

type RecordRow = Awaited<ReturnType<typeof selectRecords>>[number];
const flatten = ({ record, ...names }: RecordRow) => ({ ...record, ...names });

/**
 * Supervision records with their response status, newest first, limited to what the viewer may
 * see (recordVisibility: a unit sees the notices addressed to it).
 */
export async function listSupervisionRecords(
  db: Queryable,
  viewer: Pick<TicketActor, "roles" | "departmentId">,
  filter: RecordFilter,
  page: { offset: number; limit: number },
) {
  const conditions: SQL[] = [recordVisibility(viewer)];
  if (filter.level) conditions.push(eq(supervisionRecords.level, filter.level));
  if (filter.response) conditions.push(responseCondition(filter.response));
  if (filter.departmentId) conditions.push(eq(supervisionRecords.departmentId, filter.departmentId));
  if (filter.ticketId) conditions.push(eq(supervisionRecords.ticketId, filter.ticketId));
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    selectRecords(db, where).orderBy(desc(supervisionRecords.createdAt), desc(supervisionRecords.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(supervisionRecords).where(where),
  ]);
  return { rows: rows.map(flatten), total: total?.n ?? 0 };
}

/** One record with its names, or 404 when the viewer may not see it. */
export async function getSupervisionRecord(db: Queryable, viewer: Pick<TicketActor, "roles" | "departmentId">, id: number) {
  const [row] = await selectRecords(db, and(recordVisibility(viewer), eq(supervisionRecords.id, id)));
  if (!row) throw new DomainError("supervision_record_not_found", 404);
  return flatten(row);
}
