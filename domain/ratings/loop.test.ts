import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callbackTasks, notifications, ratings, ratingVerifications, rectifications, supervisionRecords, ticketEvents, tickets } from "~/db/schema";
import { createStaffUser } from "~/domain/staff/users";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { ticketWorld } from "~/tests/helpers/tickets";
import * as actions from "../tickets/actions";
import { listOpenCallbacks, recordCallbackAttempt } from "./callbacks";
import { applyDefaultRatings } from "./default-ratings";
import { rateTicket } from "./rate";
import { rateByLink, ratingLinkTarget, ratingLinkToken } from "./rating-link";
import { closeRatingLoop, reportRectification } from "./rectification";
import { rateBySms } from "./sms-rating";
import { dismissRating, upholdRating } from "./verification";

const DAY = 86_400_000;

describe.each(testEngines)("ratings and the rectification loop on %s", (engine) => {
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof ticketWorld>>;
  let leadUserId: string;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    world = await ticketWorld(database, new Date("2026-11-02T09:00:00+08:00"));
    leadUserId = (
      await createStaffUser(world.as("administrator"), { username: "loop-lead", displayName: "负责人", password: "loop-test-password-1", roles: ["department_lead"], departmentId: world.deptA })
    ).id;
  });
  afterAll(() => database.dispose());

  const deps = () => ({ db: database.db, clock: world.clock });
  let phoneSeq = 0;
  async function repliedTicket() {
    const phone = `1370000${String(++phoneSeq).padStart(4, "0")}`;
    const ticket = await world.complaint({ citizenPhone: phone });
    await actions.dispatchTicket(world.as("dispatcher"), ticket.id, { leadDepartmentId: world.deptA });
    await actions.signTicket(world.as("handlerA"), ticket.id);
    await actions.replyTicket(world.as("handlerA"), ticket.id, "已责令施工单位夜间停工。");
    return { ticket, phone };
  }
  const ticketNow = async (id: number) => (await database.db.select().from(tickets).where(eq(tickets.id, id)))[0]!;
  const timeline = async (id: number) =>
    (await database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, id)).orderBy(asc(ticketEvents.id))).map((e) => e.action);

  it("runs reply → SMS rating 1 → uphold → rectification → web rating 5 → closed, every step on the timeline", async () => {
    const { ticket, phone } = await repliedTicket();
    const [callback] = await database.db.select().from(callbackTasks).where(eq(callbackTasks.ticketId, ticket.id));
    expect(callback).toMatchObject({ round: 0, status: "pending" });
    expect(callback!.dueAt.getTime() - world.clock.now().getTime()).toBe(24 * 3_600_000);

    // The citizen texts "1": a bad rating stays with the ticket, waiting for verification.
    expect(await rateBySms(deps(), { sid: "SM00000000000000000000000000000001", from: `+86${phone}`, level: 1 })).toMatchObject({ ticketNumber: ticket.number });
    // Twilio delivers the same message again: nothing changes.
    await rateBySms(deps(), { sid: "SM00000000000000000000000000000001", from: `+86${phone}`, level: 1 });
    expect(await database.db.select().from(ratings).where(eq(ratings.ticketId, ticket.id))).toHaveLength(1);
    expect(await ticketNow(ticket.id)).toMatchObject({ state: "replied", firstRating: 1, finalRating: 1 });
    const [verification] = await database.db.select().from(ratingVerifications).where(eq(ratingVerifications.ticketId, ticket.id));
    expect(verification).toMatchObject({ status: "pending", round: 0 });
    // A bad rating still gets its callback.
    expect((await database.db.select().from(callbackTasks).where(eq(callbackTasks.ticketId, ticket.id)))[0]!.status).toBe("pending");

    // The supervisor upholds it: 整改 for department A with its own deadline and the old reply.
    const upheld = await upholdRating(world.as("supervisor"), ticket.id, "核实属实，施工仍在继续");
    expect(upheld).toMatchObject({ state: "rectifying", round: 1 });
    expect(upheld.handleDueAt!.getTime()).toBeGreaterThan(world.clock.now().getTime() + 5 * DAY);
    const [rectification] = await database.db.select().from(rectifications).where(eq(rectifications.ticketId, ticket.id));
    expect(rectification).toMatchObject({ round: 1, departmentId: world.deptA, originalReply: "已责令施工单位夜间停工。", report: null });
    // Another department cannot report on it.
    await expect(reportRectification(world.as("handlerB"), ticket.id, "不是我们的事情。")).rejects.toMatchObject({ status: 404 });

    world.clock.advance(2 * DAY);
    const reported = await reportRectification(world.as("handlerA"), ticket.id, "已查封夜间施工设备，并安排夜间巡查。");
    expect(reported).toMatchObject({ state: "replied", reply: "已查封夜间施工设备，并安排夜间巡查。", handleDueAt: null });
    const secondCallback = await database.db.select().from(callbackTasks).where(and(eq(callbackTasks.ticketId, ticket.id), eq(callbackTasks.round, 1)));
    expect(secondCallback).toHaveLength(1);

    // The citizen re-rates 5 through the web link sent with the new reply.
    const token = await ratingLinkToken(database.db, world.clock.now(), ticket.id, 1);
    expect(await ratingLinkTarget(database.db, world.clock, token)).toMatchObject({ number: ticket.number, open: true });
    await rateByLink({ ...deps(), ip: "203.0.113.9" }, token, { level: 5, resolved: true });
    expect(await ticketNow(ticket.id)).toMatchObject({ state: "revisited", firstRating: 1, finalRating: 5, resolved: true, round: 1 });
    // The callback of the round is no longer needed.
    expect(secondCallback[0] && (await database.db.select().from(callbackTasks).where(eq(callbackTasks.id, secondCallback[0].id)))[0]!.status).toBe("cancelled");

    expect(await timeline(ticket.id)).toEqual(["create", "dispatch", "sign", "reply", "rate", "uphold_rating", "report_rectification", "rate"]);
    const history = await database.db.select().from(ratings).where(eq(ratings.ticketId, ticket.id)).orderBy(asc(ratings.id));
    expect(history.map((r) => [r.round, r.level, r.channel])).toEqual([
      [0, 1, "sms"],
      [1, 5, "web"],
    ]);
    // The link is spent once the round is rated.
    await expect(rateByLink({ ...deps(), ip: null }, token, { level: 1 })).rejects.toMatchObject({ code: "rating_link_closed", status: 409 });
  });

  it("refuses a forged or altered rating link", async () => {
    const { ticket } = await repliedTicket();
    const token = await ratingLinkToken(database.db, world.clock.now(), ticket.id, 0);
    const other = token.replace(/^\d+/, String(ticket.id - 1));
    await expect(ratingLinkTarget(database.db, world.clock, other)).rejects.toMatchObject({ status: 404 });
    await expect(ratingLinkTarget(database.db, world.clock, "1.0.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).rejects.toMatchObject({ status: 404 });
    await expect(ratingLinkTarget(database.db, world.clock, "not-a-token")).rejects.toMatchObject({ status: 404 });
  });

  it("dismisses a bad rating only with a reason, and keeps the trail", async () => {
    const { ticket } = await repliedTicket();
    await rateTicket(world.as("operator"), ticket.id, { level: 2, channel: "callback", comment: "态度不好" });
    await expect(dismissRating(world.as("supervisor"), ticket.id, { reason: "malicious", note: "" })).rejects.toMatchObject({ code: "dismiss_note_required", status: 400 });
    await expect(dismissRating(world.as("operator"), ticket.id, { reason: "malicious", note: "恶意差评" })).rejects.toMatchObject({ status: 403 });
    const dismissed = await dismissRating(world.as("supervisor"), ticket.id, { reason: "outside_scope", note: "诉求超出政策范围，已解释" });
    expect(dismissed.state).toBe("revisited");
    const [verification] = await database.db.select().from(ratingVerifications).where(eq(ratingVerifications.ticketId, ticket.id));
    expect(verification).toMatchObject({ status: "dismissed", dismissReason: "outside_scope", note: "诉求超出政策范围，已解释" });
    // A callback that reached the citizen is done.
    expect((await database.db.select().from(callbackTasks).where(eq(callbackTasks.ticketId, ticket.id)))[0]!.status).toBe("reached");
  });

  it("keeps unreached callbacks on the list and records each attempt", async () => {
    const { ticket } = await repliedTicket();
    const [task] = await database.db.select().from(callbackTasks).where(eq(callbackTasks.ticketId, ticket.id));
    await recordCallbackAttempt(world.as("operator"), task!.id, { outcome: "unreached", note: "无人接听" });
    world.clock.advance(2 * DAY);
    const list = await listOpenCallbacks(database.db, world.clock.now(), 1);
    const row = list.rows.find((r) => r.task.id === task!.id);
    expect(row).toMatchObject({ overdue: true, task: { status: "unreached", attempts: 1 } });
    expect(row!.citizenPhone).toMatch(/\*{4}/);
    await expect(recordCallbackAttempt(world.as("handlerA"), task!.id, { outcome: "unreached" })).rejects.toMatchObject({ code: "action_not_permitted", status: 403 });
  });

  it("applies the default rating after the configured days, marked as defaulted, and leaves bad ratings alone", async () => {
    world.clock.set(new Date("2026-11-20T09:00:00+08:00"));
    const silent = await repliedTicket();
    const unhappy = await repliedTicket();
    await rateTicket(world.as("operator"), unhappy.ticket.id, { level: 1, channel: "callback" });
    world.clock.advance(6 * DAY);
    await applyDefaultRatings(deps());
    expect((await ticketNow(silent.ticket.id)).state).toBe("replied");
    world.clock.advance(2 * DAY);
    await applyDefaultRatings(deps());
    expect(await ticketNow(silent.ticket.id)).toMatchObject({ state: "revisited", finalRating: 3, ratingDefaulted: true });
    expect(await ticketNow(unhappy.ticket.id)).toMatchObject({ state: "replied", finalRating: 1 });
    const [defaultRating] = await database.db.select().from(ratings).where(eq(ratings.ticketId, silent.ticket.id));
    expect(defaultRating).toMatchObject({ channel: "default", level: 3 });
  });

  it("escalates repeated dissatisfaction and lets a supervisor close only after the configured rounds", async () => {
    const { ticket } = await repliedTicket();
    const round = async (level: number) => {
      await rateTicket(world.as("operator"), ticket.id, { level, channel: "callback" });
      await upholdRating(world.as("supervisor"), ticket.id);
      await reportRectification(world.as("handlerA"), ticket.id, "已再次现场处置并反馈。");
    };
    await round(1);
    await expect(closeRatingLoop(world.as("supervisor"), ticket.id, "市民诉求已依法处理完毕。")).rejects.toMatchObject({ code: "close_loop_too_early", status: 409 });
    const leadBefore = (await database.db.select().from(notifications).where(eq(notifications.userId, leadUserId))).length;
    await round(2);
    // The second upheld rating: a 催办 to the department lead.
    const records = await database.db.select().from(supervisionRecords).where(eq(supervisionRecords.ticketId, ticket.id));
    expect(records.map((r) => [r.level, r.addressee])).toContainEqual(["urge", "department_lead"]);
    expect((await database.db.select().from(notifications).where(eq(notifications.userId, leadUserId))).length).toBeGreaterThan(leadBefore);
    await rateTicket(world.as("operator"), ticket.id, { level: 1, channel: "callback" });
    const closed = await closeRatingLoop(world.as("supervisor"), ticket.id, "两轮整改已落实，诉求超出政策范围，予以结案。");
    expect(closed).toMatchObject({ state: "revisited", round: 2 });
  });
});
