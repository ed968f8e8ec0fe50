import { and, eq, inArray } from "drizzle-orm";
import type { Queryable } from "~/db/client";
import { type Addressee, type DeadlineKind, userRoles, users } from "~/db/schema";
import type { StaffRole } from "../staff/roles";

/**
 * Who an addressee is. A department's deadlines (sign, handle) go to its handlers, then its lead,
 * then the centre's supervisors; the centre's own dispatch deadline goes to its dispatchers, and
 * above them to its supervisors.
 */
export function addresseeRole(kind: DeadlineKind, addressee: Addressee): { role: StaffRole; ownDepartment: boolean } {
  if (addressee === "supervisor") return { role: "supervisor", ownDepartment: false };
  if (kind === "dispatch") return { role: addressee === "handler" ? "dispatcher" : "supervisor", ownDepartment: false };
  return { role: addressee === "handler" ? "department_handler" : "department_lead", ownDepartment: true };
}

export interface StaffDirectory {
  /** Active users holding `role`, limited to `departmentId` when given. */
  usersFor(role: StaffRole, departmentId: number | null): string[];
}

/** Loads the active staff holding any of `roles` once, for a whole sweep batch. */
export async function loadStaffDirectory(db: Queryable, roles: readonly StaffRole[]): Promise<StaffDirectory> {
  const rows = roles.length
    ? await db
        .select({ id: users.id, departmentId: users.departmentId, role: userRoles.role })
        .from(users)
        .innerJoin(userRoles, eq(userRoles.userId, users.id))
        .where(and(eq(users.active, true), inArray(userRoles.role, [...roles])))
    : [];
  return {
    usersFor: (role, departmentId) =>
      rows.filter((r) => r.role === role && (departmentId === null || r.departmentId === departmentId)).map((r) => r.id),
  };
}

/** The user ids a notice reaches. */
export function recipientsOf(directory: StaffDirectory, kind: DeadlineKind, addressee: Addressee, departmentId: number | null): string[] {
  const { role, ownDepartment } = addresseeRole(kind, addressee);
  if (ownDepartment && departmentId === null) return [];
  return directory.usersFor(role, ownDepartment ? departmentId : null);
}
