import type { StaffRole } from "~/domain/staff/roles";
import type { Messages } from "~/app/i18n/zh-CN";

/**
 * The workspace modules and who may open them. Navigation and the route guards both read this
 * list, so a menu entry and its page can never disagree.
 */
export interface WorkspaceModule {
  key: keyof Messages["nav"] & ("intake" | "dispatch" | "department" | "supervision" | "callbacks" | "verifications" | "tickets" | "knowledge" | "stats" | "admin");
  path: string;
  roles: readonly StaffRole[];
}

export const workspaceModules = [
  { key: "intake", path: "/intake", roles: ["operator"] },
  { key: "dispatch", path: "/dispatch", roles: ["dispatcher"] },
  { key: "department", path: "/department", roles: ["department_handler", "department_lead"] },
  { key: "supervision", path: "/supervision", roles: ["supervisor", "department_lead"] },
  { key: "callbacks", path: "/callbacks", roles: ["operator"] },
  { key: "verifications", path: "/supervision/verifications", roles: ["supervisor"] },
  { key: "tickets", path: "/tickets", roles: ["operator", "dispatcher", "supervisor"] },
  {
    key: "knowledge",
    path: "/knowledge",
    roles: ["operator", "dispatcher", "supervisor", "department_handler", "department_lead", "administrator"],
  },
  { key: "stats", path: "/stats", roles: ["supervisor", "department_lead", "administrator"] },
  { key: "admin", path: "/admin", roles: ["administrator"] },
] as const satisfies readonly WorkspaceModule[];

export type ModuleKey = (typeof workspaceModules)[number]["key"];

export function moduleByKey(key: ModuleKey): WorkspaceModule {
  return workspaceModules.find((m) => m.key === key)!;
}

export function modulesFor(roles: readonly StaffRole[]): WorkspaceModule[] {
  return workspaceModules.filter((m) => m.roles.some((r) => roles.includes(r)));
}

/** The module each role starts its working day in. */
const HOME_MODULE: Record<StaffRole, ModuleKey> = {
  administrator: "admin",
  operator: "intake",
  dispatcher: "dispatch",
  supervisor: "supervision",
  department_handler: "department",
  department_lead: "department",
};

/** Where a user lands after sign-in: the home module of their first role. */
export function homePathFor(roles: readonly StaffRole[]): string {
  const first = roles[0];
  return first ? moduleByKey(HOME_MODULE[first]).path : "/home";
}
