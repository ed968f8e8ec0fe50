import { STAFF_ROLES, type StaffRole } from "~/db/schema";
import { invalidInput } from "../errors";

export { STAFF_ROLES, type StaffRole };

/** Roles that act for a department and therefore need one. */
export const DEPARTMENT_ROLES: readonly StaffRole[] = ["department_handler", "department_lead"];
/** Roles that work for the hotline centre itself and therefore must not belong to a department. */
export const CENTRE_ROLES: readonly StaffRole[] = ["operator", "dispatcher", "supervisor"];

export function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}

/**
 * A user belongs to at most one department; department roles need one, and mixing centre and
 * department roles would let one person both dispatch to and answer for a department.
 */
export function assertValidRoleAssignment(roles: readonly StaffRole[], departmentId: number | null): void {
  if (roles.length === 0) throw invalidInput("roles_required", "roles");
  const needsDepartment = roles.some((r) => DEPARTMENT_ROLES.includes(r));
  const isCentre = roles.some((r) => CENTRE_ROLES.includes(r));
  if (needsDepartment && isCentre) throw invalidInput("roles_centre_and_department", "roles");
  if (needsDepartment && departmentId === null) throw invalidInput("department_required_for_role", "departmentId");
  if (!needsDepartment && departmentId !== null) throw invalidInput("department_only_for_department_roles", "departmentId");
}
