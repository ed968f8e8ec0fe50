import { timingSafeEqual } from "node:crypto";
import { aliasedTable, and, asc, type Column, count, desc, eq, gte, ilike, inArray, isNotNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { Queryable } from "~/db/client";
import { containsPattern } from "~/db/like";
import {
  categories,
  departments,
  extensionRequests,
  type RequestType,
  type Ticket,
  ticketAttachments,
  ticketAssignments,
  ticketEvents,
  tickets,
  type TicketChannel,
  type Urgency,
} from "~/db/schema";
import { type Actor, recordAudit } from "../audit";
import type { Clock } from "../clock";
import { DomainError, notFound } from "../errors";
import { normalizePhone } from "../phone";
import { maskName, maskPhone } from "../privacy";
import { canSeeTicket, isDepartmentActor, seesAllTickets, type TicketActor, ticketVisibility, worklistDepartment } from "./access";
import { mayPerform, STATE_TYPES, TICKET_ACTIONS, type TicketAction, TRANSITIONS, type TicketState } from "./states";
import { currentDeadline } from "./time-limits";

export interface TicketListFilter {
  states?: TicketState[];
  requestType?: RequestType;
  urgency?: Urgency;
  channel?: TicketChannel;
  categoryId?: number;
  /** Lead department. */
  departmentId?: number;
  /** Matches number, title, description or address. */
  text?: string;
  createdFrom?: Date;
  /** Exclusive. */
  createdTo?: Date;
  /** Tickets whose current (earliest running) deadline is at or before this instant. */
  dueBefore?: Date;
  /** Tickets whose current deadline is after this instant (with dueBefore: "due soon"). */
  dueAfter?: Date;
}

export type TicketSort = "newest" | "oldest" | "due";

const leadDepartment = aliasedTable(departments, "lead_department");

/** Ticket lists count their matches up to this many. */
export const LIST_COUNT_CAP = 10_000;

/** Earliest running deadline at or before `dueBefore` / after `dueAfter`, on the given copy of it. */
function deadlineConditions(deadline: SQL | Column, filter: Pick<TicketListFilter, "dueBefore" | "dueAfter">): SQL[] {
  // Raw parameters bypass drizzle's column mapping, so instants go in as ISO text (postgres.js
  // would otherwise serialise a Date with its own format).
  return [
    ...(filter.dueBefore ? [sql`${deadline} <= ${filter.dueBefore.toISOString()}::timestamptz`] : []),
    ...(filter.dueAfter ? [sql`${deadline} > ${filter.dueAfter.toISOString()}::timestamptz`] : []),
  ];
}

/** least() skips nulls: it is the earliest running deadline, as currentDeadline() computes it. */
const ticketDeadline = sql`least(${tickets.dispatchDueAt}, ${tickets.signDueAt}, ${tickets.handleDueAt})`;

/** The conditions of `filter` on the tickets table (visibility not included). */
function filterConditions(filter: TicketListFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.states?.length) conditions.push(inArray(tickets.state, filter.states));
  if (filter.requestType) conditions.push(eq(tickets.requestType, filter.requestType));
  if (filter.urgency) conditions.push(eq(tickets.urgency, filter.urgency));
  if (filter.channel) conditions.push(eq(tickets.channel, filter.channel));
  if (filter.categoryId) conditions.push(or(eq(tickets.categoryId, filter.categoryId), eq(categories.parentId, filter.categoryId))!);
  if (filter.departmentId) conditions.push(eq(tickets.leadDepartmentId, filter.departmentId));
  if (filter.createdFrom) conditions.push(gte(tickets.createdAt, filter.createdFrom));
  if (filter.createdTo) conditions.push(lt(tickets.createdAt, filter.createdTo));
  conditions.push(...deadlineConditions(ticketDeadline, filter));
  if (filter.text) {
    const pattern = containsPattern(filter.text);
    conditions.push(or(ilike(tickets.number, pattern), ilike(tickets.title, pattern), ilike(tickets.description, pattern), ilike(tickets.address, pattern))!);
  }
  return conditions;
}

/** A worklist tab: some of DEPARTMENT_WORKLIST_STATES, optionally by current deadline. */
export type WorklistFilter = Pick<TicketListFilter, "states" | "dueBefore" | "dueAfter">;

/** The same filter on a department's worklist entries (states and deadline copied there). */
function worklistConditions(departmentId: number, filter: WorklistFilter): SQL[] {
  return [eq(ticketAssignments.departmentId, departmentId), inArray(ticketAssignments.worklistState, filter.states ?? []), ...deadlineConditions(ticketAssignments.worklistDueAt, filter)];
}

/**
 * Lists tickets the viewer may see, newest first, oldest first or by current deadline (nulls
 * last), with personal data masked, and how many match. Used by every list screen, the CSV export
 * and the Open311 API.
 */
export async function listTickets(
  db: Queryable,
  viewer: TicketActor,
  filter: TicketListFilter,
  page: { offset: number; limit: number },
  sort: TicketSort = "newest",
) {
  const [rows, matching] = await Promise.all([listTicketRows(db, viewer, filter, page, sort), countMatchingTickets(db, viewer, filter)]);
  return { rows, ...cappedTotal(matching) };
}

/** A list's total as pages show it: at most LIST_COUNT_CAP, and whether more match (lists say "10000+"). */
export function cappedTotal(matching: number) {
  return { total: Math.min(matching, LIST_COUNT_CAP), totalCapped: matching > LIST_COUNT_CAP };
}

/**
 * Where a list reads from. A department user's query for worklist states reads the unit's
 * worklist entries and joins their tickets (see worklistDepartment): states and deadlines are
 * matched, and the deadline order taken, from the entries' index, so the first page of a big
 * unit's inbox fetches 25 tickets.
 */
function listSource(viewer: TicketActor, filter: TicketListFilter) {
  const department = worklistDepartment(viewer, filter.states);
  if (department === null) {
    const ticketConditions = filterConditions(filter);
    return { worklist: null, ticketConditions, where: and(ticketVisibility(viewer), ...ticketConditions) };
  }
  const ticketConditions = filterConditions({ ...filter, states: undefined, dueBefore: undefined, dueAfter: undefined });
  return { worklist: { department, conditions: worklistConditions(department, filter) }, ticketConditions, where: and(...ticketConditions) };
}

/** One page of listTickets without the count (a caller that knows the count already). */
export async function listTicketRows(db: Queryable, viewer: TicketActor, filter: TicketListFilter, page: { offset: number; limit: number }, sort: TicketSort = "newest") {
  const { worklist, where } = listSource(viewer, filter);
  const order =
    sort === "oldest"
      ? [asc(tickets.id)]
      : sort === "due"
        ? worklist
          ? [asc(ticketAssignments.worklistDueAt), asc(ticketAssignments.ticketId)]
          : [sql`${ticketDeadline} asc nulls last`, asc(tickets.id)]
        : [desc(tickets.id)];
  let query = db.select({ ticket: tickets, categoryName: categories.name, leadDepartmentName: leadDepartment.name }).from(tickets).$dynamic();
  if (worklist) query = query.innerJoin(ticketAssignments, and(eq(ticketAssignments.ticketId, tickets.id), ...worklist.conditions)!);
  const rows = await query
    .leftJoin(categories, eq(categories.id, tickets.categoryId))
    .leftJoin(leadDepartment, eq(leadDepartment.id, tickets.leadDepartmentId))
    .where(where)
    .orderBy(...order)
    .offset(page.offset)
    .limit(page.limit);
  return rows.map((r) => ({ ...presentTicket(viewer, r.ticket), categoryName: r.categoryName, leadDepartmentName: r.leadDepartmentName }));
}

/**
 * How many tickets listTickets would list, counted no further than LIST_COUNT_CAP + 1: an exact
 * count of millions of rows costs seconds, and no one pages that far (filters and search do that
 * job). A worklist tab with nothing to match on the tickets themselves is counted from its
 * entries alone.
 */
async function countMatchingTickets(db: Queryable, viewer: TicketActor, filter: TicketListFilter): Promise<number> {
  const { worklist, ticketConditions, where } = listSource(viewer, filter);
  let matching;
  if (worklist && ticketConditions.length === 0) {
    matching = db.select({ one: sql`1` }).from(ticketAssignments).where(and(...worklist.conditions));
  } else {
    let query = db.select({ one: sql`1` }).from(tickets).$dynamic();
    if (worklist) query = query.innerJoin(ticketAssignments, and(eq(ticketAssignments.ticketId, tickets.id), ...worklist.conditions)!);
    matching = query.leftJoin(categories, eq(categories.id, tickets.categoryId)).where(where);
  }
  const [total] = await db.select({ value: count() }).from(matching.limit(LIST_COUNT_CAP + 1).as("matching"));
  return total?.value ?? 0;
}

/**
 * How many tickets of the viewer's department worklist each tab holds, in one pass over the
 * unit's worklist entries (the partial index on assignments; tickets are not read). Zero for
 * anyone outside a department.
 */
export async function countWorklist<K extends string>(db: Queryable, viewer: TicketActor, tabs: Record<K, WorklistFilter>): Promise<Record<K, number>> {
  const keys = Object.keys(tabs) as K[];
  const department = isDepartmentActor(viewer) ? viewer.departmentId : null;
  if (department === null) return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  const counts: Record<string, SQL<number>> = Object.fromEntries(
    keys.map((k, i) => {
      if (worklistDepartment(viewer, tabs[k].states) === null) throw new Error(`worklist tab ${k} must keep to worklist states`);
      return [`c${i}`, sql<number>`count(*) filter (where ${and(...worklistConditions(department, tabs[k]))})`.mapWith(Number)];
    }),
  );
  const [row] = (await db
    .select(counts)
    .from(ticketAssignments)
    .where(and(eq(ticketAssignments.departmentId, department), isNotNull(ticketAssignments.worklistState)))) as Record<string, number>[];
  return Object.fromEntries(keys.map((k, i) => [k, Number(row?.[`c${i}`] ?? 0)])) as Record<K, number>;
}

/**
 * A ticket as `viewer` may see it: the query code never leaves the server; the citizen's phone and
 * name are masked; a confidential ticket (举报 and the like) shows no identity at all to a
 * department. Full contact details need revealCitizenContact, which is audited.
 */
export function presentTicket(viewer: TicketActor, ticket: Ticket) {
  const { queryCode: _secret, citizenName, citizenPhone, ...rest } = ticket;
  const hidden = ticket.confidential && !seesAllTickets(viewer);
  return {
    ...rest,
    citizenName: hidden ? null : maskName(citizenName),
    citizenPhone: hidden ? null : maskPhone(citizenPhone),
    identityHidden: hidden,
    stateType: STATE_TYPES[ticket.state],
    currentDeadline: currentDeadline(ticket),
  };
}

export type TicketView = ReturnType<typeof presentTicket>;

/** Which actions `viewer` could take on the ticket now (the UI offers exactly these). */
export function allowedActions(viewer: TicketActor, ticket: Pick<Ticket, "state" | "leadDepartmentId">): TicketAction[] {
  return TICKET_ACTIONS.filter((action) => TRANSITIONS[action].from.includes(ticket.state) && mayPerform(viewer, action, ticket.leadDepartmentId));
}

/** Everything the ticket page shows; 404 when the viewer may not see the ticket. */
export async function getTicketDetail(db: Queryable, viewer: TicketActor, id: number) {
  // Read side by side; nothing of the ticket leaves this function before the access check.
  const [[row], assignments] = await Promise.all([
    db.select({ ticket: tickets, categoryName: categories.name }).from(tickets).leftJoin(categories, eq(categories.id, tickets.categoryId)).where(eq(tickets.id, id)),
    db
      .select({ departmentId: ticketAssignments.departmentId, role: ticketAssignments.role, name: departments.name })
      .from(ticketAssignments)
      .innerJoin(departments, eq(departments.id, ticketAssignments.departmentId))
      .where(eq(ticketAssignments.ticketId, id))
      .orderBy(asc(ticketAssignments.role), asc(departments.code)),
  ]);
  if (!row) throw notFound("ticket_not_found");
  if (!canSeeTicket(viewer, assignments.map((a) => a.departmentId))) throw notFound("ticket_not_found");
  const [events, attachments, extensions] = await Promise.all([
    db
      .select({ event: ticketEvents, departmentName: departments.name })
      .from(ticketEvents)
      .leftJoin(departments, eq(departments.id, ticketEvents.departmentId))
      .where(eq(ticketEvents.ticketId, id))
      .orderBy(asc(ticketEvents.id)),
    db.select().from(ticketAttachments).where(eq(ticketAttachments.ticketId, id)).orderBy(asc(ticketAttachments.id)),
    db.select().from(extensionRequests).where(eq(extensionRequests.ticketId, id)).orderBy(desc(extensionRequests.id)),
  ]);
  const mergedInto = row.ticket.mergedIntoId
    ? (await db.select({ id: tickets.id, number: tickets.number }).from(tickets).where(eq(tickets.id, row.ticket.mergedIntoId)))[0] ?? null
    : null;
  return {
    ticket: { ...presentTicket(viewer, row.ticket), categoryName: row.categoryName },
    assignments,
    events: events.map((e) => ({ ...e.event, departmentName: e.departmentName })),
    attachments,
    extensions,
    pendingExtension: extensions.find((e) => e.status === "pending") ?? null,
    mergedInto,
    allowedActions: allowedActions(viewer, row.ticket),
    canRevealContact: !row.ticket.anonymous && !(row.ticket.confidential && !seesAllTickets(viewer)),
  };
}

/**
 * Shows the citizen's full name and phone to a viewer allowed to see them, and writes the reveal
 * to the audit log (who, when, which ticket). Refused for a confidential ticket's department.
 */
export async function revealCitizenContact(db: Queryable, clock: Clock, viewer: TicketActor, id: number) {
  const detail = await getTicketDetail(db, viewer, id);
  if (!detail.canRevealContact) throw new DomainError("contact_confidential", 403);
  const [row] = await db.select({ name: tickets.citizenName, phone: tickets.citizenPhone, number: tickets.number }).from(tickets).where(eq(tickets.id, id));
  const actor: Actor = { id: viewer.id, label: viewer.label, ip: viewer.ip };
  await recordAudit(db, { action: "personal_data.reveal", actor, at: clock.now(), target: { type: "ticket", id, label: row!.number }, detail: { fields: ["citizenName", "citizenPhone"] } });
  return { citizenName: row!.name, citizenPhone: row!.phone };
}

/** Earlier tickets from the same phone number (operator screen pop and intake). */
export async function listTicketsByPhone(db: Queryable, viewer: TicketActor, phone: string, limit = 10) {
  const normalized = normalizePhone(phone);
  if (!seesAllTickets(viewer) || normalized.length < 5) return [];
  const rows = await db.select().from(tickets).where(eq(tickets.citizenPhone, normalized)).orderBy(desc(tickets.id)).limit(limit);
  return rows.map((t) => presentTicket(viewer, t));
}

/** Public timeline entries: what happened and when, never who (no staff names, no internal notes). */
const PUBLIC_EVENT_ACTIONS = new Set(["create", "create_and_close", "dispatch", "keep", "sign", "reply", "suspend", "resume", "approve_extension", "withdraw", "merge", "archive", "rate", "uphold_rating", "report_rectification", "close_loop"]);

/** The ticket with this number, if `queryCode` is its query code (compared in constant time). */
export async function findTicketByQueryCode(db: Queryable, number: string, queryCode: string) {
  const [ticket] = await db.select().from(tickets).where(eq(tickets.number, number.trim()));
  const expected = Buffer.from(ticket?.queryCode ?? "------");
  const code = queryCode.trim();
  const given = Buffer.from(code.padEnd(expected.length, " ").slice(0, expected.length));
  return ticket && code.length === expected.length && timingSafeEqual(expected, given) ? ticket : null;
}

/**
 * The citizen's status page: by ticket number and query code. A wrong code and an unknown number
 * give the same answer (null), so numbers cannot be probed. Returns the public face to show and
 * the ticket itself, for what the page does next (a replied ticket's rating link).
 */
export async function getPublicTicketStatus(db: Queryable, number: string, queryCode: string) {
  const ticket = await findTicketByQueryCode(db, number, queryCode);
  if (!ticket) return null;
  const events = await db
    .select({ at: ticketEvents.at, action: ticketEvents.action, toState: ticketEvents.toState })
    .from(ticketEvents)
    .where(eq(ticketEvents.ticketId, ticket.id))
    .orderBy(asc(ticketEvents.id));
  const status = {
    number: ticket.number,
    title: ticket.title,
    requestType: ticket.requestType,
    state: ticket.state,
    stateType: STATE_TYPES[ticket.state],
    createdAt: ticket.createdAt,
    reply: ticket.reply,
    repliedAt: ticket.repliedAt,
    closingNote: ticket.state === "closed" ? ticket.closingNote : null,
    timeline: events.filter((e) => PUBLIC_EVENT_ACTIONS.has(e.action)).map((e) => ({ at: e.at, action: e.action, state: e.toState })),
  };
  return { ticket, status };
}
