import type { AppLoadContext } from "@remix-run/node";
import { requireRole } from "~/app/auth.server";
import type { StaffRole } from "~/domain/staff/roles";
import type { StaffIdentity } from "~/domain/staff/users";
import type { TicketActor } from "~/domain/tickets/access";
import type { TicketView } from "~/domain/tickets/queries";
import type { TicketContext } from "~/domain/tickets/run-action";

/** The signed-in staff member as the tickets domain sees them. */
export function ticketActorOf(context: AppLoadContext, user: StaffIdentity): TicketActor {
  return { id: user.id, label: user.username, ip: context.ip, roles: user.roles, departmentId: user.departmentId };
}

/** Guard + command context for a ticket route: the user must hold one of `roles`. */
export function requireTicketContext(request: Request, context: AppLoadContext, roles: readonly StaffRole[]): TicketContext & { user: StaffIdentity } {
  const user = requireRole(request, context, roles);
  return { db: context.services.db, clock: context.services.clock, actor: ticketActorOf(context, user), user };
}

/** Staff who work with tickets: everyone but the pure administrator. */
export const TICKET_STAFF_ROLES: readonly StaffRole[] = ["operator", "dispatcher", "supervisor", "department_handler", "department_lead"];

/**
 * A ticket as a list row sends it to the browser: what the list tables show, nothing more (no
 * description, address or citizen, which a row never displays and the page's data would carry).
 */
export function ticketListRow(ticket: TicketView & { categoryName: string | null; leadDepartmentName: string | null }) {
  const { id, number, title, urgency, requestType, channel, state, stateType, leadDepartmentId, leadDepartmentName, categoryName, createdAt, currentDeadline } = ticket;
  return { id, number, title, urgency, requestType, channel, state, stateType, leadDepartmentId, leadDepartmentName, categoryName, createdAt, currentDeadline };
}
