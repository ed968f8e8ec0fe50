import { eq } from "drizzle-orm";
import { departments } from "~/db/schema";
import { type Clock, manualClock } from "~/domain/clock";
import { seedOnFirstStart } from "~/domain/setup/seed";
import type { TicketActor } from "~/domain/tickets/access";
import { createTicket, type CreateTicketInput } from "~/domain/tickets/create-ticket";
import type { TicketContext } from "~/domain/tickets/run-action";
import type { StaffRole } from "~/domain/staff/roles";
import type { TestDatabase } from "./databases";

/** Actors for ticket tests: the centre's roles, and staff of two different departments. */
export async function ticketWorld(database: TestDatabase, start = new Date("2026-09-18T15:00:00+08:00")) {
  const clock = manualClock(start);
  await seedOnFirstStart(database, clock, { withDemoAccounts: false });
  const deptId = async (code: string) => (await database.db.select({ id: departments.id }).from(departments).where(eq(departments.code, code)))[0]!.id;
  const deptA = await deptId("CGJ");
  const deptB = await deptId("ZJJ");
  const actor = (label: string, roles: StaffRole[], departmentId: number | null = null): TicketActor => ({ id: null, label, ip: null, roles, departmentId });
  const actors = {
    operator: actor("operator", ["operator"]),
    dispatcher: actor("dispatcher", ["dispatcher"]),
    supervisor: actor("supervisor", ["supervisor"]),
    handlerA: actor("handlerA", ["department_handler"], deptA),
    leadA: actor("leadA", ["department_lead"], deptA),
    handlerB: actor("handlerB", ["department_handler"], deptB),
    citizen: actor("citizen", []),
    administrator: actor("admin", ["administrator"]),
  };
  const as = (who: keyof typeof actors, at?: Clock): TicketContext => ({ db: database.db, clock: at ?? clock, actor: actors[who] });
  const complaint = (patch: Partial<CreateTicketInput> = {}) =>
    createTicket(as("operator"), {
      channel: "phone",
      requestType: "complaint",
      title: "小区夜间施工噪音",
      description: "每天夜里十一点以后仍在施工，严重影响休息。",
      citizenName: "市民甲",
      citizenPhone: "13800001234",
      address: "卫东区建设路 1 号",
      ...patch,
    });
  return { clock, deptA, deptB, actors, as, complaint };
}
