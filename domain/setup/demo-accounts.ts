import type { StaffRole } from "~/db/schema";

/**
 * One demo account per role, all with the same published password (see the README).
 * sign-in refuses this password when NODE_ENV=production.
 */
export const DEMO_PASSWORD = "demo12345hotline";

/** Department code (db/seed/departments.ts) for the department accounts. */
const DEMO_DEPARTMENT = "CGJ";

export const demoAccounts: readonly {
  username: string;
  displayName: string;
  role: StaffRole;
  departmentCode: string | null;
}[] = [
  { username: "admin", displayName: "演示管理员", role: "administrator", departmentCode: null },
  { username: "operator", displayName: "演示话务员", role: "operator", departmentCode: null },
  { username: "dispatcher", displayName: "演示派单员", role: "dispatcher", departmentCode: null },
  { username: "supervisor", displayName: "演示督办员", role: "supervisor", departmentCode: null },
  { username: "handler", displayName: "演示经办人", role: "department_handler", departmentCode: DEMO_DEPARTMENT },
  { username: "lead", displayName: "演示负责人", role: "department_lead", departmentCode: DEMO_DEPARTMENT },
];
