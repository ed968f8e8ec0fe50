import { aliasedTable, and, asc, desc, eq, gte, inArray, isNotNull, lt, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "~/db/client";
import { categories, departments, type Ticket, tickets } from "~/db/schema";
import { maskPhone } from "./privacy";
import { STATE_TYPES, type TicketState } from "./tickets/states";

/**
 * What the public may read without signing in (the Open311 API and the request-type list of the
 * citizen form). Nothing here goes through a staff viewer: these are public-safe projections —
 * no names, no phone numbers, no staff, no internal notes, no confidential (举报/保密) tickets.
 */

const parent = aliasedTable(categories, "parent_category");

export interface PublicCategory {
  id: number;
  code: string;
  name: string;
  /** The parent category's name, or null for a top-level leaf. */
  groupName: string | null;
}

/** Active categories a request can be filed under: leaves (no active children) of active parents. */
export async function listPublicCategories(db: Queryable): Promise<PublicCategory[]> {
  return db
    .select({ id: categories.id, code: categories.code, name: categories.name, groupName: parent.name })
    .from(categories)
    .leftJoin(parent, eq(parent.id, categories.parentId))
    .where(
      and(
        eq(categories.active, true),
        sql`(${parent.id} is null or ${parent.active})`,
        sql`not exists (select 1 from ${categories} as child_category where child_category.parent_id = ${categories.id} and child_category.active)`,
      ),
    )
    .orderBy(sql`coalesce(${parent.sortOrder}, ${categories.sortOrder})`, sql`coalesce(${parent.code}, ${categories.code})`, asc(categories.sortOrder), asc(categories.code));
}

export async function findPublicCategoryByCode(db: Queryable, code: string): Promise<PublicCategory | null> {
  const all = await listPublicCategories(db);
  return all.find((c) => c.code === code) ?? null;
}

/** Masks digit runs that look like phone or ID numbers in free text shown to the public. */
export function redactNumbers(text: string | null): string | null {
  if (text === null) return null;
  return text.replace(/\+?\d[\d -]{5,}\d[Xx]?/g, (run) => maskPhone(run.replace(/[\s-]/g, "")) ?? "");
}

export type PublicStatus = "open" | "closed";

/** open and paused tickets are `open`; finished ones are `closed`. */
export function publicStatusOf(state: TicketState): PublicStatus {
  return STATE_TYPES[state] === "closed" ? "closed" : "open";
}

export interface PublicRequestSummary {
  number: string;
  status: PublicStatus;
  categoryCode: string;
  categoryName: string;
  description: string;
  createdAt: Date;
  updatedAt: Date;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  /** The lead department (主办单位), once dispatched. */
  agencyName: string | null;
  /** The department's public reply, once replied. */
  reply: string | null;
}

export interface PublicRequestFilter {
  numbers?: string[];
  categoryId?: number;
  from?: Date;
  /** Exclusive. */
  to?: Date;
  statuses?: PublicStatus[];
  limit: number;
}

const lead = aliasedTable(departments, "lead_department");

function summary(row: { ticket: Ticket; categoryCode: string | null; categoryName: string | null; agencyName: string | null }): PublicRequestSummary {
  const t = row.ticket;
  return {
    number: t.number,
    status: publicStatusOf(t.state),
    categoryCode: row.categoryCode ?? "",
    categoryName: row.categoryName ?? "",
    description: redactNumbers(t.description) ?? "",
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    address: t.address,
    latitude: t.latitude,
    longitude: t.longitude,
    agencyName: row.agencyName,
    reply: redactNumbers(t.reply),
  };
}

/**
 * Public summaries of requests, newest first. Only classified, non-confidential tickets are
 * public; a confidential one is indistinguishable from one that does not exist.
 */
export async function listPublicRequests(db: Queryable, filter: PublicRequestFilter): Promise<PublicRequestSummary[]> {
  const conditions: SQL[] = [eq(tickets.confidential, false), isNotNull(tickets.categoryId)];
  if (filter.numbers) conditions.push(filter.numbers.length ? inArray(tickets.number, filter.numbers) : sql`false`);
  if (filter.categoryId) conditions.push(eq(tickets.categoryId, filter.categoryId));
  if (filter.from) conditions.push(gte(tickets.createdAt, filter.from));
  if (filter.to) conditions.push(lt(tickets.createdAt, filter.to));
  if (filter.statuses?.length) {
    const states = (Object.keys(STATE_TYPES) as TicketState[]).filter((s) => filter.statuses!.includes(publicStatusOf(s)));
    conditions.push(inArray(tickets.state, states));
  }
  const rows = await db
    .select({ ticket: tickets, categoryCode: categories.code, categoryName: categories.name, agencyName: lead.name })
    .from(tickets)
    .innerJoin(categories, eq(categories.id, tickets.categoryId))
    .leftJoin(lead, eq(lead.id, tickets.leadDepartmentId))
    .where(and(...conditions))
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(filter.limit);
  return rows.map(summary);
}

export async function getPublicRequest(db: Queryable, number: string): Promise<PublicRequestSummary | null> {
  const [row] = await listPublicRequests(db, { numbers: [number], limit: 1 });
  return row ?? null;
}
