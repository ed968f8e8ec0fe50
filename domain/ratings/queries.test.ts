import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { ticketWorld } from "~/tests/helpers/tickets";
import { unknownPlaceholders } from "../admin-data/rating-settings";
import * as actions from "../tickets/actions";
import { listOpenCallbacks } from "./callbacks";
import { getTicketRatingLoop, listPendingVerifications } from "./queries";
import { rateTicket } from "./rate";
import { reportRectification } from "./rectification";
import { upholdRating } from "./verification";

describe.each(testEngines)("rating-loop read queries on %s", (engine) => {
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof ticketWorld>>;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    world = await ticketWorld(database, new Date("2026-11-02T09:00:00+08:00"));
  });
  afterAll(() => database.dispose());

  async function repliedTicket() {
    const ticket = await world.complaint();
    await actions.dispatchTicket(world.as("dispatcher"), ticket.id, { leadDepartmentId: world.deptA });
    await actions.signTicket(world.as("handlerA"), ticket.id);
    await actions.replyTicket(world.as("handlerA"), ticket.id, "已责令施工单位夜间停工。");
    return ticket;
  }

  it("queues pending bad ratings, and reads a ticket's ratings, verifications and rectifications", async () => {
    const ticket = await repliedTicket();
    await rateTicket(world.as("operator"), ticket.id, { level: 2, channel: "callback", comment: "没有解决" });
    const queue = await listPendingVerifications(database.db, 1);
    expect(queue.rows.find((r) => r.ticketId === ticket.id)).toMatchObject({ level: 2, comment: "没有解决", channel: "callback", round: 0, reply: "已责令施工单位夜间停工。" });

    await upholdRating(world.as("supervisor"), ticket.id, "属实");
    expect((await listPendingVerifications(database.db, 1)).rows.some((r) => r.ticketId === ticket.id)).toBe(false);
    // The first round's callback is moot once its bad rating was upheld; the new round gets its own.
    await reportRectification(world.as("handlerA"), ticket.id, "已查封夜间施工设备。");
    const callbacks = await listOpenCallbacks(database.db, world.clock.now(), 1);
    expect(callbacks.rows.filter((r) => r.task.ticketId === ticket.id).map((r) => r.task.round)).toEqual([1]);

    const loop = await getTicketRatingLoop(database.db, { id: ticket.id, round: 1 });
    expect(loop.ratings.map((r) => [r.round, r.level, r.channel, r.defaulted])).toEqual([[0, 2, "callback", false]]);
    expect(loop.verifications.map((v) => [v.round, v.status, v.note])).toEqual([[0, "upheld", "属实"]]);
    expect(loop.rectifications).toMatchObject([{ round: 1, originalReply: "已责令施工单位夜间停工。", report: "已查封夜间施工设备。" }]);
    expect(loop).toMatchObject({ pendingVerification: false, closeAfterRounds: 2, canCloseYet: false });
  });

  it("names the SMS placeholders that are not ours", () => {
    expect(unknownPlaceholders("工单{number}，查询码{queryCode}，{statusUrl} {rateUrl} {intoNumber}")).toEqual([]);
    expect(unknownPlaceholders("工单{number}，{rateurl}，{ }")).toEqual(["rateurl", " "]);
  });
});
