import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, ticketEvents, tickets } from "~/db/schema";
import { citizenSmsMessageSchema, composeCitizenSms } from "~/domain/notify/citizen-sms";
import { mergeTicket } from "~/domain/tickets/actions";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { ticketWorld } from "~/tests/helpers/tickets";
import { findSimilarOpenTickets } from "./similar-tickets";

describe.each(testEngines)("duplicates on %s", (engine) => {
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof ticketWorld>>;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    world = await ticketWorld(database);
  });
  afterAll(() => database.dispose());

  it("finds open tickets about the same thing at the same place in the last 7 days, best first", async () => {
    const original = await world.complaint({ title: "建设路路灯不亮", description: "建设路 8 号门口路灯连续三晚不亮。", address: "卫东区建设路 8 号", area: "卫东区" });
    const unrelated = await world.complaint({ title: "孩子入学咨询", description: "想了解小学划片入学。", address: "卫东区建设路 8 号", area: "卫东区" });
    const closed = await world.complaint({ title: "建设路路灯不亮", description: "建设路 8 号门口路灯不亮。", address: "卫东区建设路 8 号", area: "卫东区" });
    await database.db.update(tickets).set({ state: "withdrawn" }).where(eq(tickets.id, closed.id));
    const query = { title: "路灯不亮", description: "建设路8号路灯晚上不亮，很黑。", address: "卫东区建设路8号", area: "卫东区", now: world.clock.now() };

    const found = await findSimilarOpenTickets(database.db, query);
    expect(found.map((t) => t.id)).toEqual([original.id]);
    expect(found[0]!.score).toBeGreaterThan(0.35);
    expect(found.some((t) => t.id === unrelated.id)).toBe(false);
    expect(await findSimilarOpenTickets(database.db, { ...query, excludeTicketId: original.id })).toEqual([]);
    // Outside the time window nothing matches.
    expect(await findSimilarOpenTickets(database.db, { ...query, now: new Date(world.clock.now().getTime() + 8 * 86_400_000) })).toEqual([]);
  });

  it("merging duplicates keeps every citizen informed and every original on the timeline", async () => {
    const target = await world.complaint({ title: "东风路积水", description: "东风路口下雨积水严重。", citizenPhone: "13800000001" });
    const first = await world.complaint({ title: "东风路积水", description: "东风路口积水没过脚踝。", citizenPhone: "13800000002" });
    const second = await world.complaint({ title: "东风路口积水", description: "下雨后东风路口无法通行。", citizenPhone: "13800000003" });
    const dispatcher = world.as("dispatcher");
    await mergeTicket(dispatcher, first.id, target.id);
    await mergeTicket(dispatcher, second.id, target.id);

    // Every original is still there, closed as merged, with its own timeline…
    for (const merged of [first, second]) {
      const [row] = await database.db.select().from(tickets).where(eq(tickets.id, merged.id));
      expect(row).toMatchObject({ state: "merged", mergedIntoId: target.id, description: merged.description });
      const events = await database.db.select({ action: ticketEvents.action }).from(ticketEvents).where(eq(ticketEvents.ticketId, merged.id));
      expect(events.map((e) => e.action)).toEqual(["create", "merge"]);
    }
    // …and on the surviving ticket's timeline.
    const absorbed = await database.db.select({ data: ticketEvents.data }).from(ticketEvents).where(and(eq(ticketEvents.ticketId, target.id), eq(ticketEvents.action, "absorb")));
    expect(absorbed.map((e) => e.data?.mergedTicketId)).toEqual([first.id, second.id]);

    // Each merge queues an SMS to that ticket's citizen, naming the ticket it joined.
    const sms = (await database.db.select().from(outbox).where(eq(outbox.topic, "sms.send"))).map((row) => row.payload as { to: string; kind: string; ticketId: number; intoNumber: string | null });
    const mergedSms = sms.filter((s) => s.kind === "merged");
    expect(mergedSms.map((s) => s.to).sort()).toEqual(["13800000002", "13800000003"]);
    for (const s of mergedSms) expect(s.intoNumber).toBe(target.number);
    const body = await composeCitizenSms(database.db, citizenSmsMessageSchema.parse(mergedSms[0]), { now: world.clock.now(), publicUrl: new URL("https://hotline.example") });
    expect(body).toContain(target.number);
  });
});
