import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calls, operatorPresence, outbox, ticketEvents, tickets } from "~/db/schema";
import { openTestDatabase, type TestDatabase, testEngines } from "~/tests/helpers/databases";
import { makeUser } from "~/tests/helpers/staff";
import { ticketWorld } from "~/tests/helpers/tickets";
import { assignOperator, recordCallStatus, recordMenuChoice, sendToVoicemail } from "./call-log";
import { createTicketFromCall, takeRecording } from "./call-tickets";
import { getHotlineFigures } from "./hotline-figures";
import { setOperatorStatus } from "./presence";

const sid = (n: number) => `CA${String(n).padStart(32, "0")}`;

describe.each(testEngines)("call log on %s", (engine) => {
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof ticketWorld>>;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    world = await ticketWorld(database);
  });
  afterAll(() => database?.dispose());

  const report = (n: number, status: string, durationSeconds?: number) =>
    recordCallStatus(database.db, world.clock, { callSid: sid(n), from: "+8613800001234", to: "+8612345", status, durationSeconds });

  it("keeps one row per CallSid and never moves a call back to an earlier status", async () => {
    await report(1, "ringing");
    await report(1, "ringing");
    await report(1, "completed", 42);
    await report(1, "in-progress");
    await report(1, "ringing");
    const rows = await database.db.select().from(calls).where(eq(calls.callSid, sid(1)));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe("completed");
    expect(rows[0]!.durationSeconds).toBe(42);
  });

  it("ends in the right status when callbacks arrive in reverse order", async () => {
    for (const status of ["completed", "in-progress", "ringing", "initiated"]) await report(2, status, status === "completed" ? 30 : undefined);
    const [row] = await database.db.select().from(calls).where(eq(calls.callSid, sid(2)));
    expect(row!.status).toBe("completed");
    expect(row!.endedAt).not.toBeNull();
  });

  it("turns a voicemail into one ticket flagged for callback, however often the callback repeats", async () => {
    await report(3, "ringing");
    await recordMenuChoice(database.db, world.clock, sid(3), "complaint", true);
    await sendToVoicemail(database.db, world.clock, sid(3));
    const recording = { callSid: sid(3), recordingSid: `RE${"3".repeat(32)}`, url: "https://api.twilio.com/rec/RE3", status: "completed", durationSeconds: 20 };
    const first = await takeRecording(database.db, world.clock, recording);
    const second = await takeRecording(database.db, world.clock, recording);
    expect(first!.ticketId).not.toBeNull();
    expect(second!.ticketId).toBe(first!.ticketId);
    const [ticket] = await database.db.select().from(tickets).where(eq(tickets.id, first!.ticketId!));
    expect(ticket!.channel).toBe("phone");
    expect(ticket!.citizenPhone).toBe("13800001234");
    const events = await database.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket!.id));
    expect(events.map((e) => e.action)).toEqual(["create", "voicemail"]);
    expect(events[1]!.data).toMatchObject({ recordingUrl: recording.url, callbackRequested: true });
    const [call] = await database.db.select().from(calls).where(eq(calls.callSid, sid(3)));
    expect(call!.callbackRequested).toBe(true);
  });

  it("gives a waiting call to an available operator once, and the operator's ticket is linked to it", async () => {
    const operator = await makeUser({ db: database.db, clock: world.clock, actor: { id: null, label: "t", ip: null } }, ["operator"]);
    await setOperatorStatus(database.db, world.clock, operator.id, "available");
    await report(4, "ringing");
    await recordMenuChoice(database.db, world.clock, sid(4), "operator", true);
    world.clock.advance(8_000);
    const first = await assignOperator(database.db, world.clock, sid(4));
    const again = await assignOperator(database.db, world.clock, sid(4));
    expect(first).toMatchObject({ operatorId: operator.id, isNew: true });
    expect(again).toMatchObject({ operatorId: operator.id, isNew: false });
    const [presence] = await database.db.select().from(operatorPresence).where(eq(operatorPresence.userId, operator.id));
    expect(presence!.status).toBe("busy");

    const actor = { id: operator.id, label: operator.username, ip: null, roles: ["operator"] as const, departmentId: null };
    const ticket = await createTicketFromCall({ db: database.db, clock: world.clock, actor }, first!.call.id, {
      requestType: "complaint",
      title: "路灯不亮",
      description: "小区门口路灯坏了一个月。",
    });
    expect(ticket.channel).toBe("phone");
    expect(ticket.citizenPhone).toBe("13800001234");
    const [call] = await database.db.select().from(calls).where(eq(calls.callSid, sid(4)));
    expect(call!.ticketId).toBe(ticket.id);
    // The citizen's acceptance SMS is queued with the ticket.
    const rows = await database.db.select().from(outbox);
    expect(rows.some((r) => r.topic === "sms.send" && r.payload.ticketId === ticket.id && r.payload.kind === "accepted")).toBe(true);

    await report(4, "completed", 60);
    const [freed] = await database.db.select().from(operatorPresence).where(eq(operatorPresence.userId, operator.id));
    expect(freed!.status).toBe("available");

    const figures = await getHotlineFigures(database.db, { from: new Date(0), to: new Date("2100-01-01") });
    expect(figures.queued).toBeGreaterThanOrEqual(2);
    expect(figures.answeredWithinTarget).toBe(1);
    expect(figures.voicemail).toBe(1);
  });
});
