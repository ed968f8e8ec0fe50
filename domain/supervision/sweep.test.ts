import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~/db/client";
import { deadlineWatches, notifications, SUPERVISION_LEVELS, supervisionRecords } from "~/db/schema";
import { createStaffUser } from "~/domain/staff/users";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { ticketWorld } from "~/tests/helpers/tickets";
import * as actions from "../tickets/actions";
import { runDeadlineSweep } from "./sweep";

const HOUR = 3_600_000;

describe.each(testEngines)("deadline sweep on %s", (engine) => {
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof ticketWorld>>;
  let handlerUserId: string;
  let leadUserId: string;
  let supervisorUserId: string;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    world = await ticketWorld(database, new Date("2026-11-02T09:00:00+08:00"));
    const staff = async (username: string, roles: ("department_handler" | "department_lead" | "supervisor")[], departmentId: number | null) =>
      (await createStaffUser(world.as("administrator"), { username, displayName: username, password: "sweep-test-password-1", roles, departmentId })).id;
    handlerUserId = await staff("sweep-handler", ["department_handler"], world.deptA);
    leadUserId = await staff("sweep-lead", ["department_lead"], world.deptA);
    supervisorUserId = await staff("sweep-supervisor", ["supervisor"], null);
  });
  afterAll(() => database.dispose());

  const sweep = () => runDeadlineSweep({ db: database.db, clock: world.clock });
  const recordsOf = (ticketId: number) =>
    database.db.select().from(supervisionRecords).where(eq(supervisionRecords.ticketId, ticketId)).orderBy(asc(supervisionRecords.id));
  const unreadFor = async (userId: string) => (await database.db.select().from(notifications).where(eq(notifications.userId, userId))).length;

  it("crosses the warning, overdue and every escalation level exactly once as the clock advances", async () => {
    const start = new Date("2026-11-02T09:00:00+08:00");
    world.clock.set(start);
    const ticket = await world.complaint();
    await actions.dispatchTicket(world.as("dispatcher"), ticket.id, { leadDepartmentId: world.deptA });
    const signed = await actions.signTicket(world.as("handlerA"), ticket.id);
    const dueAt = signed.handleDueAt!;
    const handlerBefore = await unreadFor(handlerUserId);

    const firstSeen = new Map<string, Date>();
    // Step an hour at a time from now to ten days past the deadline, sweeping three times per step.
    while (world.clock.now().getTime() < dueAt.getTime() + 240 * HOUR) {
      world.clock.advance(HOUR);
      for (let i = 0; i < 3; i++) await sweep();
      for (const r of await recordsOf(ticket.id)) if (r.kind === "handle" && !firstSeen.has(r.level)) firstSeen.set(r.level, world.clock.now());
    }

    const records = (await recordsOf(ticket.id)).filter((r) => r.kind === "handle");
    expect(records.map((r) => r.level)).toEqual([...SUPERVISION_LEVELS]);
    expect(records.every((r) => r.dueAt.getTime() === dueAt.getTime())).toBe(true);
    // Each level fired within the hour its rule names: the warning when 80 % of the time is used
    // (earlier than 4 h before the deadline for a 7-working-day limit), the rest 0 … 168 h after.
    const warningAt = Math.min(dueAt.getTime() - 4 * HOUR, start.getTime() + 0.8 * (dueAt.getTime() - start.getTime()));
    const expectedAt = { warning: warningAt, overdue: 0, remind: 4, urge: 24, supervise: 72, circulate: 168 } as const;
    for (const level of SUPERVISION_LEVELS) {
      const at = level === "warning" ? expectedAt.warning : dueAt.getTime() + expectedAt[level] * HOUR;
      const lag = firstSeen.get(level)!.getTime() - at;
      expect(lag, level).toBeGreaterThanOrEqual(0);
      expect(lag, level).toBeLessThan(HOUR);
    }
    expect(records.find((r) => r.level === "supervise")).toMatchObject({ addressee: "department_lead", requiresResponse: true, departmentId: world.deptA });
    expect(records.find((r) => r.level === "overdue")!.notice).toContain(ticket.number);
    // Handlers got the warning, overdue and reminder; the lead the two after; supervisors the 通报.
    expect((await unreadFor(handlerUserId)) - handlerBefore).toBe(3);
    expect(await unreadFor(leadUserId)).toBeGreaterThanOrEqual(2);
    expect(await unreadFor(supervisorUserId)).toBeGreaterThanOrEqual(1);
    // Every level has fired: the watch is spent and further sweeps find nothing.
    const [watch] = await database.db.select().from(deadlineWatches).where(and(eq(deadlineWatches.ticketId, ticket.id), eq(deadlineWatches.kind, "handle")));
    expect(watch!.nextAt).toBeNull();
    expect((await sweep()).records).toBe(0);
  });

  it("stops watching a deadline once it is met, and starts over when it moves", async () => {
    world.clock.set(new Date("2026-11-16T09:00:00+08:00"));
    const ticket = await world.complaint();
    await actions.dispatchTicket(world.as("dispatcher"), ticket.id, { leadDepartmentId: world.deptA });
    const watched = await database.db.select().from(deadlineWatches).where(eq(deadlineWatches.ticketId, ticket.id));
    expect(watched.map((w) => w.kind).sort()).toEqual(["handle", "sign"]);

    const signed = await actions.signTicket(world.as("handlerA"), ticket.id);
    expect((await database.db.select().from(deadlineWatches).where(eq(deadlineWatches.ticketId, ticket.id))).map((w) => w.kind)).toEqual(["handle"]);

    // Into the warning window: the warning fires.
    world.clock.set(new Date(signed.handleDueAt!.getTime() - 2 * HOUR));
    await sweep();
    expect((await recordsOf(ticket.id)).map((r) => r.level)).toEqual(["warning"]);

    // An approved extension moves the deadline: the watch starts over for the new one.
    await actions.requestExtension(world.as("handlerA"), ticket.id, { workingDays: 5, reason: "需协调多个部门联合执法" });
    const extended = await actions.approveExtension(world.as("supervisor"), ticket.id);
    expect(extended.handleDueAt!.getTime()).toBeGreaterThan(signed.handleDueAt!.getTime());
    const [watch] = await database.db.select().from(deadlineWatches).where(eq(deadlineWatches.ticketId, ticket.id));
    expect(watch).toMatchObject({ dueAt: extended.handleDueAt, lastLevel: null });
    expect((await sweep()).records).toBe(0);

    // The reply ends supervision of the ticket.
    await actions.replyTicket(world.as("handlerA"), ticket.id, "已责令施工单位停止夜间施工。");
    expect(await database.db.select().from(deadlineWatches).where(eq(deadlineWatches.ticketId, ticket.id))).toEqual([]);
  });

  it("fires each level once when two sweeps race on separate connections", async () => {
    world.clock.set(new Date("2026-11-23T09:00:00+08:00"));
    const created = [];
    for (let i = 0; i < 30; i++) created.push(await world.complaint({ title: `并发督办测试 ${i}` }));
    // Two days on: every dispatch deadline (24 h) has passed its warning, overdue and reminder.
    world.clock.advance(48 * HOUR);
    const other = engine === "postgres" ? await openDatabase({ engine: "postgres", url: database.url! }) : null;
    try {
      const results = await Promise.all([
        runDeadlineSweep({ db: database.db, clock: world.clock }, { batchSize: 7 }),
        runDeadlineSweep({ db: (other ?? database).db, clock: world.clock }, { batchSize: 7 }),
      ]);
      const total = results.reduce((sum, r) => sum + r.records, 0);
      const levelsPerTicket = ["warning", "overdue", "remind", "urge"];
      expect(total).toBe(created.length * levelsPerTicket.length);
      for (const ticket of created) {
        const levels = (await recordsOf(ticket.id)).map((r) => r.level);
        expect(levels).toEqual(levelsPerTicket);
      }
    } finally {
      await other?.close();
    }
  });
});
