import { eq, sql } from "drizzle-orm";
import { ticketAssignments, tickets } from "~/db/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { ticketWorld } from "~/tests/helpers/tickets";
import { dispatchTicket, replyTicket, resumeTicket, returnTicket, signTicket, startTicket, suspendTicket, withdrawTicket, DEFAULT_SUSPEND_REASONS } from "./actions";
import { countedInboxTabs } from "./inbox-tabs";
import { countWorklist, LIST_COUNT_CAP, listTickets } from "./queries";
import { DEPARTMENT_WORKLIST_STATES } from "./states";
import { currentDeadline } from "./time-limits";

describe.each(testEngines)("ticket lists on %s", (engine) => {
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof ticketWorld>>;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    world = await ticketWorld(database);
  });
  afterAll(() => database.dispose());

  /** Assignments whose worklist entry disagrees with their ticket: there must be none. */
  const staleWorklistEntries = async () =>
    (
      await database.db
        .select({ assignment: ticketAssignments, ticket: tickets })
        .from(ticketAssignments)
        .innerJoin(tickets, eq(tickets.id, ticketAssignments.ticketId))
    ).filter(({ assignment, ticket }) => {
      const inWorklist = DEPARTMENT_WORKLIST_STATES.includes(ticket.state);
      return assignment.worklistState !== (inWorklist ? ticket.state : null) || assignment.worklistDueAt?.getTime() !== (inWorklist ? currentDeadline(ticket)?.getTime() : undefined);
    });
  /** The inbox's counted tabs, as the page asks for them, at the world's clock. */
  const inboxTabs = () => countedInboxTabs(world.clock.now());
  const countsFor = (who: "handlerA" | "handlerB") => countWorklist(database.db, world.actors[who], inboxTabs());
  /** Each tab's total as the list gives it; the rows must come in current-deadline order. */
  const listedFor = async (who: "handlerA" | "handlerB") =>
    Object.fromEntries(
      await Promise.all(
        Object.entries(inboxTabs()).map(async ([k, f]) => {
          const list = await listTickets(database.db, world.actors[who], f, { offset: 0, limit: 50 }, "due");
          const deadlines = list.rows.map((r) => r.currentDeadline?.getTime() ?? Infinity);
          expect(deadlines).toEqual([...deadlines].sort((x, y) => x - y));
          return [k, list.total];
        }),
      ),
    );

  it("counts exactly up to the cap, then says there are more", async () => {
    await world.complaint();
    const exact = await listTickets(database.db, world.actors.operator, {}, { offset: 0, limit: 5 });
    expect(exact).toMatchObject({ total: 1, totalCapped: false });

    // Enough rows to pass the cap, written in bulk (the commands would take minutes).
    await database.db.execute(sql`
      insert into tickets (number, query_code, channel, request_type, title, description, state, created_at, updated_at)
      select 'L' || g, '000000', 'web', 'complaint', '路灯不亮', '建设路路灯不亮', 'accepted', now(), now()
      from generate_series(1, ${LIST_COUNT_CAP}) g`);
    const capped = await listTickets(database.db, world.actors.operator, {}, { offset: 0, limit: 5 });
    expect(capped).toMatchObject({ total: LIST_COUNT_CAP, totalCapped: true });
    expect(capped.rows).toHaveLength(5);
    const filtered = await listTickets(database.db, world.actors.operator, { text: "L1000" }, { offset: 0, limit: 5 });
    expect(filtered).toMatchObject({ total: 2, totalCapped: false }); // L1000 and L10000
  });

  it("keeps each department's worklist in step with the ticket through its life, and inbox counts agree with the lists", async () => {
    const [a, b] = [(await world.complaint()).id, (await world.complaint({ title: "路灯不亮" })).id];
    await dispatchTicket(world.as("dispatcher"), a, { leadDepartmentId: world.deptA, coDepartmentIds: [world.deptB] });
    await dispatchTicket(world.as("dispatcher"), b, { leadDepartmentId: world.deptA });
    const steps: [string, () => Promise<unknown>, Record<string, number>, Record<string, number>][] = [
      ["dispatched", async () => {}, { pending: 2, working: 0, suspended: 0 }, { pending: 1, working: 0, suspended: 0 }],
      ["signed", () => signTicket(world.as("handlerA"), a), { pending: 1, working: 1, suspended: 0 }, { pending: 0, working: 1, suspended: 0 }],
      ["in progress", () => startTicket(world.as("handlerA"), a), { pending: 1, working: 1, suspended: 0 }, { pending: 0, working: 1, suspended: 0 }],
      ["suspended", () => suspendTicket(world.as("handlerA"), a, { reason: DEFAULT_SUSPEND_REASONS[0]! }), { pending: 1, working: 0, suspended: 1 }, { pending: 0, working: 0, suspended: 1 }],
      ["resumed", () => resumeTicket(world.as("handlerA"), a), { pending: 1, working: 1, suspended: 0 }, { pending: 0, working: 1, suspended: 0 }],
      ["a month on", async () => world.clock.advance(30 * 86_400_000), { pending: 1, working: 1, dueSoon: 0, overdue: 2 }, { working: 1, dueSoon: 0, overdue: 1 }],
      ["replied", () => replyTicket(world.as("handlerA"), a, "已协调施工单位夜间停工，并安排人员巡查。"), { pending: 1, working: 0, suspended: 0 }, { pending: 0, working: 0, suspended: 0 }],
      ["returned", () => returnTicket(world.as("handlerA"), b, "不属于本单位职责范围"), { pending: 0, working: 0, suspended: 0 }, { pending: 0, working: 0, suspended: 0 }],
      ["re-dispatched", () => dispatchTicket(world.as("dispatcher"), b, { leadDepartmentId: world.deptB }), { pending: 0, working: 0, suspended: 0 }, { pending: 1, working: 0, suspended: 0 }],
      ["withdrawn", () => withdrawTicket(world.as("operator"), b, "市民已自行解决"), { pending: 0, working: 0, suspended: 0 }, { pending: 0, working: 0, suspended: 0 }],
    ];
    const check = async (label: string, expectedA: Record<string, number>, expectedB: Record<string, number>) => {
      expect({ label, stale: await staleWorklistEntries() }).toEqual({ label, stale: [] });
      const counted = { a: await countsFor("handlerA"), b: await countsFor("handlerB") };
      expect({ label, ...counted }).toMatchObject({ label, a: expectedA, b: expectedB });
      expect({ label, a: await listedFor("handlerA"), b: await listedFor("handlerB") }).toEqual({ label, ...counted });
    };
    for (const [label, step, expectedA, expectedB] of steps) {
      await step();
      await check(label, expectedA, expectedB);
    }
    // The whole history stays visible outside the worklist tabs.
    expect((await listTickets(database.db, world.actors.handlerA, {}, { offset: 0, limit: 50 })).total).toBe(1);
    expect((await listTickets(database.db, world.actors.handlerB, {}, { offset: 0, limit: 50 })).total).toBe(2);
  });
});
