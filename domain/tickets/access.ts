import { eq, type SQL, sql } from "drizzle-orm";
import { ticketAssignments, tickets } from "~/db/schema";
import type { Actor } from "../audit";
import type { StaffRole } from "../staff/roles";
import { DEPARTMENT_WORKLIST_STATES, type TicketState } from "./states";

/** Whoever acts on or looks at tickets: staff with roles, or a citizen / machine client with none. */
export interface TicketActor extends Actor {
  roles: readonly StaffRole[];
  departmentId: number | null;
}

/** The centre's roles see every ticket. */
export const CENTRE_TICKET_ROLES: readonly StaffRole[] = ["operator", "dispatcher", "supervisor"];
export const DEPARTMENT_TICKET_ROLES: readonly StaffRole[] = ["department_handler", "department_lead"];

export function seesAllTickets(actor: Pick<TicketActor, "roles">): boolean {
  return actor.roles.some((r) => CENTRE_TICKET_ROLES.includes(r));
}

export function isDepartmentActor(actor: Pick<TicketActor, "roles" | "departmentId">): actor is TicketActor & { departmentId: number } {
  return actor.departmentId !== null && actor.roles.some((r) => DEPARTMENT_TICKET_ROLES.includes(r));
}

/**
 * The SQL condition limiting a ticket query to what `actor` may see: everything for the centre,
 * the tickets its department leads or co-handles for a department user, nothing for anyone else.
 * Every list, detail, export and API read goes through this (or, for a department's open work,
 * through worklistDepartment below, which is the same rule read from the worklist entries).
 */
export function ticketVisibility(actor: Pick<TicketActor, "roles" | "departmentId">): SQL {
  if (seesAllTickets(actor)) return eq(tickets.id, tickets.id);
  if (isDepartmentActor(actor)) {
    return sql`exists (select 1 from ${ticketAssignments} where ${ticketAssignments.ticketId} = ${tickets.id} and ${ticketAssignments.departmentId} = ${actor.departmentId})`;
  }
  return sql`false`;
}

/**
 * The department whose worklist can answer a query for `actor` keeping to `states`: a department
 * user asking only for worklist states. Its assignments' worklist entries are then the visibility
 * rule, and an inbox costs what the unit has open, not the years of assignments behind it.
 */
export function worklistDepartment(actor: Pick<TicketActor, "roles" | "departmentId">, states: readonly TicketState[] | undefined): number | null {
  if (seesAllTickets(actor) || !isDepartmentActor(actor) || !states?.length) return null;
  return states.every((s) => DEPARTMENT_WORKLIST_STATES.includes(s)) ? actor.departmentId : null;
}

/** The same rule for one ticket whose assignments are already loaded. */
export function canSeeTicket(actor: Pick<TicketActor, "roles" | "departmentId">, assignedDepartmentIds: readonly number[]): boolean {
  if (seesAllTickets(actor)) return true;
  return isDepartmentActor(actor) && assignedDepartmentIds.includes(actor.departmentId);
}
