import { and, asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callbackTasks,
  extensionRequests,
  outbox,
  ratings,
  ratingVerifications,
  rectifications,
  ticketAssignments,
  ticketEvents,
  tickets,
  type TicketState,
} from "~/db/schema";
import { DomainError } from "~/domain/errors";
import { recordCallbackAttempt } from "~/domain/ratings/callbacks";
import { rateTicket } from "~/domain/ratings/rate";
import { closeRatingLoop, reportRectification } from "~/domain/ratings/rectification";
import { dismissRating, upholdRating } from "~/domain/ratings/verification";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { ticketWorld } from "~/tests/helpers/tickets";
import * as actions from "./actions";
import { TICKET_STATES, type TicketAction } from "./states";

/**
 * Written out by hand from the domain brief rather than derived from TRANSITIONS, so that a
 * wrong entry in the code's table makes this test fail.
 */
const ALLOWED: Record<TicketState, TicketAction[]> = {
  accepted: ["dispatch", "withdraw", "merge"],
  dispatched: ["sign", "return", "withdraw"],
  signed: ["start", "reply", "return", "request_extension", "approve_extension", "refuse_extension", "suspend", "withdraw"],
  in_progress: ["reply", "request_extension", "approve_extension", "refuse_extension", "suspend", "withdraw"],
  returned: ["dispatch", "keep", "withdraw", "merge"],
  suspended: ["approve_extension", "refuse_extension", "resume", "withdraw"],
  replied: ["archive", "rate", "callback_attempt", "uphold_rating", "dismiss_rating", "close_loop"],
  rectifying: ["report_rectification", "close_loop"],
  revisited: ["archive"],
  closed: ["archive"],
  withdrawn: ["archive"],
  merged: ["archive"],
  archived: [],
};

const ALL_ACTIONS: TicketAction[] = [
  "dispatch", "keep", "sign", "start", "reply", "return", "request_extension", "approve_extension",
  "refuse_extension", "suspend", "resume", "withdraw", "merge", "archive", "rate", "callback_attempt",
  "uphold_rating", "dismiss_rating", "report_rectification", "close_loop",
];

describe.each(testEngines)("ticket lifecycle on %s", (engine) => {
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof ticketWorld>>;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    world = await ticketWorld(database);
  });
  afterAll(() => database.dispose());

  /** A ticket put straight into `state`, dispatched to department A, as a fixture. */
  async function ticketIn(state: TicketState, withPendingExtension: boolean) {
    const ticket = await world.complaint();
    const now = world.clock.now();
    await database.db
      .update(tickets)
      .set({ state, leadDepartmentId: world.deptA, handleDueAt: new Date(now.getTime() + 5 * 86_400_000), pausedRemainingMinutes: state === "suspended" ? 600 : null })
      .where(eq(tickets.id, ticket.id));
    await database.db.insert(ticketAssignments).values({ ticketId: ticket.id, departmentId: world.deptA, role: "lead", assignedAt: now });
    if (withPendingExtension) {
      await database.db.insert(extensionRequests).values({ ticketId: ticket.id, departmentId: world.deptA, workingDays: 2, reason: "需要现场复核", requestedBy: "handlerA", requestedAt: now });
    }
    return ticket;
  }

  async function perform(action: TicketAction, ticketId: number) {
    const { as } = world;
    switch (action) {
      case "dispatch": return actions.dispatchTicket(as("dispatcher"), ticketId, { leadDepartmentId: world.deptA });
      case "keep": return actions.keepReturnedTicket(as("dispatcher"), ticketId, "首接负责，应由该单位办理");
      case "sign": return actions.signTicket(as("handlerA"), ticketId);
      case "start": return actions.startTicket(as("handlerA"), ticketId);
      case "reply": return actions.replyTicket(as("handlerA"), ticketId, "已责令施工单位夜间停工。");
      case "return": return actions.returnTicket(as("handlerA"), ticketId, "不属于本单位职责");
      case "request_extension": return actions.requestExtension(as("handlerA"), ticketId, { workingDays: 3, reason: "需协调多个部门" });
      case "approve_extension": return actions.approveExtension(as("supervisor"), ticketId);
      case "refuse_extension": return actions.refuseExtension(as("supervisor"), ticketId, "理由不充分");
      case "suspend": return actions.suspendTicket(as("handlerA"), ticketId, { reason: actions.DEFAULT_SUSPEND_REASONS[0]! });
      case "resume": return actions.resumeTicket(as("handlerA"), ticketId);
      case "withdraw": return actions.withdrawTicket(as("operator"), ticketId, "市民来电撤销");
      case "merge": {
        const target = await world.complaint();
        return actions.mergeTicket(as("dispatcher"), ticketId, target.id);
      }
      case "archive": return actions.archiveTicket(as("supervisor"), ticketId);
      case "rate": return (await rateTicket(as("operator"), ticketId, { level: 5, channel: "callback" })).ticket!;
      case "callback_attempt": {
        const [task] = await database.db.insert(callbackTasks).values({ ticketId, round: 0, dueAt: world.clock.now(), createdAt: world.clock.now() }).returning();
        return recordCallbackAttempt(as("operator"), task!.id, { outcome: "unreached" });
      }
      case "uphold_rating": {
        await badRatingAwaitingVerification(ticketId);
        return upholdRating(as("supervisor"), ticketId);
      }
      case "dismiss_rating": {
        await badRatingAwaitingVerification(ticketId);
        return dismissRating(as("supervisor"), ticketId, { reason: "malicious", note: "与诉求无关的恶意差评" });
      }
      case "report_rectification": {
        const verificationId = await badRatingAwaitingVerification(ticketId);
        const now = world.clock.now();
        await database.db.insert(rectifications).values({ ticketId, round: 0, verificationId, departmentId: world.deptA, dueAt: now, createdAt: now });
        return reportRectification(as("handlerA"), ticketId, "已拆除违建并恢复原状。");
      }
      case "close_loop": {
        await database.db.update(tickets).set({ round: 2 }).where(eq(tickets.id, ticketId));
        return closeRatingLoop(as("supervisor"), ticketId, "两轮整改均已落实，市民诉求超出政策范围，予以结案。");
      }
    }
  }

  /** A bad rating of round 0 waiting for a supervisor, as rateTicket leaves it. */
  async function badRatingAwaitingVerification(ticketId: number) {
    const now = world.clock.now();
    const [rating] = await database.db.insert(ratings).values({ ticketId, round: 0, level: 1, channel: "sms", at: now, actorLabel: "citizen" }).returning();
    const [verification] = await database.db.insert(ratingVerifications).values({ ticketId, ratingId: rating!.id, round: 0, createdAt: now }).returning();
    return verification!.id;
  }

  const cases = TICKET_STATES.flatMap((state) => ALL_ACTIONS.map((action) => [state, action] as const));

  it.each(cases)("%s × %s", async (state, action) => {
    const ticket = await ticketIn(state, action === "approve_extension" || action === "refuse_extension");
    const eventsBefore = await database.db.select({ n: count() }).from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
    const outcome = await perform(action, ticket.id).then(
      (t) => ({ ok: true as const, state: t.state }),
      (e: unknown) => ({ ok: false as const, error: e }),
    );
    const eventsAfter = await database.db.select({ n: count() }).from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
    if (ALLOWED[state].includes(action)) {
      expect(outcome, JSON.stringify(outcome)).toMatchObject({ ok: true });
      expect(eventsAfter[0]!.n).toBe(eventsBefore[0]!.n + 1);
    } else {
      expect(outcome.ok).toBe(false);
      expect((outcome as { error: unknown }).error).toBeInstanceOf(DomainError);
      expect((outcome as { error: DomainError }).error).toMatchObject({ code: "transition_not_allowed", status: 409 });
      expect(eventsAfter[0]!.n).toBe(eventsBefore[0]!.n);
      const [row] = await database.db.select({ state: tickets.state }).from(tickets).where(eq(tickets.id, ticket.id));
      expect(row!.state).toBe(state);
    }
  });

  it("writes one event per command, and the citizen's SMS in the same transaction", async () => {
    const ticket = await world.complaint();
    await actions.dispatchTicket(world.as("dispatcher"), ticket.id, { leadDepartmentId: world.deptA });
    const events = await database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id)).orderBy(asc(ticketEvents.id));
    expect(events.map((e) => [e.action, e.fromState, e.toState])).toEqual([["create", null, "accepted"], ["dispatch", "accepted", "dispatched"]]);
    // Creation tells the citizen (number and query code); dispatching tells the department in the app.
    const rows = await database.db.select().from(outbox).where(eq(outbox.topic, "sms.send"));
    expect(rows.filter((r) => r.payload.ticketId === ticket.id).map((r) => r.payload.kind)).toEqual(["accepted"]);
  });

  it("refuses actions by the wrong role with 403 and by another department with 404", async () => {
    const ticket = await world.complaint();
    await expect(actions.dispatchTicket(world.as("operator"), ticket.id, { leadDepartmentId: world.deptA })).rejects.toMatchObject({ code: "action_not_permitted", status: 403 });
    await expect(actions.dispatchTicket(world.as("administrator"), ticket.id, { leadDepartmentId: world.deptA })).rejects.toMatchObject({ status: 404 });
    await actions.dispatchTicket(world.as("dispatcher"), ticket.id, { leadDepartmentId: world.deptA });
    await expect(actions.signTicket(world.as("handlerB"), ticket.id)).rejects.toMatchObject({ code: "ticket_not_found", status: 404 });
    await expect(actions.signTicket(world.as("leadA"), ticket.id)).resolves.toMatchObject({ state: "signed" });
  });

  it("a co-handling department sees the ticket but only the lead department acts", async () => {
    const ticket = await world.complaint();
    await actions.dispatchTicket(world.as("dispatcher"), ticket.id, { leadDepartmentId: world.deptA, coDepartmentIds: [world.deptB] });
    await expect(actions.signTicket(world.as("handlerB"), ticket.id)).rejects.toMatchObject({ code: "action_not_permitted", status: 403 });
  });

  it("requires reasons and rejects bad input with 400", async () => {
    const ticket = await world.complaint();
    await actions.dispatchTicket(world.as("dispatcher"), ticket.id, { leadDepartmentId: world.deptA });
    await expect(actions.returnTicket(world.as("handlerA"), ticket.id, " ")).rejects.toMatchObject({ code: "reason_required", status: 400 });
    await expect(actions.requestExtension(world.as("handlerA"), ticket.id, { workingDays: 0, reason: "x理由" })).rejects.toMatchObject({ status: 400 });
    const fresh = await world.complaint();
    await expect(actions.dispatchTicket(world.as("dispatcher"), fresh.id, { leadDepartmentId: 999_999 })).rejects.toMatchObject({ code: "department_invalid", status: 400 });
  });

  it("allows one pending extension at a time", async () => {
    const ticket = await world.complaint();
    await actions.dispatchTicket(world.as("dispatcher"), ticket.id, { leadDepartmentId: world.deptA });
    await actions.signTicket(world.as("handlerA"), ticket.id);
    await actions.requestExtension(world.as("handlerA"), ticket.id, { workingDays: 2, reason: "等待检测结果" });
    await expect(actions.requestExtension(world.as("handlerA"), ticket.id, { workingDays: 2, reason: "再次申请" })).rejects.toMatchObject({ code: "extension_already_pending", status: 409 });
    const pending = await database.db.select().from(extensionRequests).where(and(eq(extensionRequests.ticketId, ticket.id), eq(extensionRequests.status, "pending")));
    expect(pending).toHaveLength(1);
  });
});
