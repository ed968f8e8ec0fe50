import type { Database } from "~/db/client";
import type { Actor } from "~/domain/audit";
import { type Clock, manualClock } from "~/domain/clock";
import type { CommandContext } from "~/domain/command";
import { createDepartment } from "~/domain/departments";
import { createStaffUser } from "~/domain/staff/users";
import type { StaffRole } from "~/domain/staff/roles";

export const TEST_PASSWORD = "correct-horse-42";
export const testActor: Actor = { id: null, label: "test", ip: "127.0.0.1" };

export function commandContext(db: Database, clock: Clock = manualClock(new Date("2026-03-02T09:00:00+08:00"))): CommandContext {
  return { db, clock, actor: testActor };
}

let counter = 0;
/** A department and user with unique names, so tests in one database do not collide. */
export async function makeDepartment(ctx: CommandContext) {
  counter += 1;
  return createDepartment(ctx, { name: `测试单位${counter}-${Date.now() % 100000}`, code: `T${counter}X${Date.now() % 100000}`, contactPhone: null, active: true });
}

export async function makeUser(ctx: CommandContext, roles: StaffRole[], departmentId: number | null = null) {
  counter += 1;
  const username = `u${counter}_${Date.now() % 1_000_000}`;
  const user = await createStaffUser(ctx, { username, displayName: `测试${counter}`, password: TEST_PASSWORD, roles, departmentId });
  return user;
}
