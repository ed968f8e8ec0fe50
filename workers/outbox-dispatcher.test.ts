import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox } from "~/db/schema";
import { listDeadLetters, retryDeadLetter } from "~/domain/outbox";
import { createSmsSender, type SmsSender } from "~/telephony/sms-sender";
import { telephonyConfigFrom } from "~/telephony/config";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { ticketWorld } from "~/tests/helpers/tickets";
import { dispatchOutbox, type OutboxPolicy, retryDelaySeconds } from "./outbox-dispatcher";
import { outboxHandlers } from "./outbox-handlers";

const policy: OutboxPolicy = { maxAttempts: 4, baseDelaySeconds: 30, maxDelaySeconds: 600, leaseSeconds: 300 };

describe("retry delays", () => {
  it("double from the base delay up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelaySeconds(policy, n))).toEqual([30, 60, 120, 240, 480, 600]);
  });
});

describe.each(testEngines)("outbox dispatcher on %s", (engine) => {
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof ticketWorld>>;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    world = await ticketWorld(database, new Date("2026-11-24T10:00:00+08:00"));
  });
  afterAll(() => database.dispose());

  const deps = () => ({ db: database.db, clock: world.clock });
  const pendingSms = async () => (await database.db.select().from(outbox).where(eq(outbox.topic, "sms.send"))).filter((r) => !r.processedAt);
  const sent: { to: string; body: string }[] = [];
  const workingSender: SmsSender = {
    simulated: true,
    async send(message) {
      sent.push(message);
      return { sid: `SM${sent.length}` };
    },
  };
  const failingSender: SmsSender = {
    simulated: false,
    async send() {
      throw new Error("Twilio API error 20003: Authenticate");
    },
  };
  const handlers = (sms: SmsSender) => outboxHandlers({ db: database.db, clock: world.clock, sms, publicUrl: new URL("https://hotline.example") });

  it("turns a new ticket into one acceptance SMS with its number and query code, once", async () => {
    const ticket = await world.complaint({ citizenPhone: "13900000001" });
    await dispatchOutbox(deps(), handlers(workingSender), policy);
    // A second run (another worker, a retry) changes nothing.
    await dispatchOutbox(deps(), handlers(workingSender), policy);
    const mine = sent.filter((m) => m.to === "13900000001");
    expect(mine).toHaveLength(1);
    expect(mine[0]!.body).toContain(ticket.number);
    expect(mine[0]!.body).toContain(ticket.queryCode);
    expect(mine[0]!.body).toContain("https://hotline.example/status");
  });

  it("retries a failing send with growing delays, then moves it to the dead-letter view, losing nothing", async () => {
    const ticket = await world.complaint({ citizenPhone: "13900000002" });
    // The SMS row was queued with the ticket; sending it fails.
    let result = await dispatchOutbox(deps(), handlers(failingSender), policy);
    expect(result).toMatchObject({ failed: 1, dead: 0 });
    const [row] = (await pendingSms()).filter((r) => r.payload.to === "13900000002");
    expect(row).toMatchObject({ attempts: 1, lastError: expect.stringContaining("Twilio API error") });
    expect(row!.availableAt.getTime() - world.clock.now().getTime()).toBe(30_000);

    // Not yet due: nothing happens.
    world.clock.advance(10_000);
    expect(await dispatchOutbox(deps(), handlers(failingSender), policy)).toMatchObject({ done: 0, failed: 0, dead: 0 });

    const delays: number[] = [];
    for (let attempt = 2; attempt <= policy.maxAttempts; attempt++) {
      const [before] = (await pendingSms()).filter((r) => r.id === row!.id);
      world.clock.set(before!.availableAt);
      result = await dispatchOutbox(deps(), handlers(failingSender), policy);
      const [after] = await database.db.select().from(outbox).where(eq(outbox.id, row!.id));
      delays.push((after!.availableAt.getTime() - world.clock.now().getTime()) / 1000);
      expect(after!.attempts).toBe(attempt);
    }
    expect(delays).toEqual([60, 120, 240]);
    const [dead] = await database.db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(dead!.deadAt).not.toBeNull();
    expect(dead!.processedAt).toBeNull();

    // Dead rows are not retried by the dispatcher …
    world.clock.advance(3_600_000);
    await dispatchOutbox(deps(), handlers(workingSender), policy);
    expect(sent.some((m) => m.to === "13900000002")).toBe(false);
    // … but shown to administrators, who can send them again.
    const letters = await listDeadLetters(database.db, 1);
    expect(letters.rows.map((r) => r.id)).toContain(row!.id);
    await retryDeadLetter(world.as("administrator"), row!.id);
    await dispatchOutbox(deps(), handlers(workingSender), policy);
    expect(sent.filter((m) => m.to === "13900000002")).toHaveLength(1);
    expect(sent.find((m) => m.to === "13900000002")!.body).toContain(ticket.number);
  });

  it("treats a missing Twilio account (simulator off) as a failure to retry, not a success", async () => {
    const noAccount = createSmsSender(telephonyConfigFrom({ TELEPHONY_SIMULATOR: "false" }, false), {
      db: database.db,
      clock: world.clock,
      defaultStatusCallbackUrl: "https://hotline.example/telephony/sms/status",
    });
    await world.complaint({ citizenPhone: "13900000003" });
    const result = await dispatchOutbox(deps(), handlers(noAccount), policy);
    expect(result.failed).toBe(1);
    const [row] = (await pendingSms()).filter((r) => r.payload.to === "13900000003");
    expect(row!.lastError).toMatch(/TWILIO_ACCOUNT_SID/);
  });

  it("dead-letters a row whose payload is malformed instead of half-running it", async () => {
    const now = world.clock.now();
    const [bad] = await database.db.insert(outbox).values({ topic: "sms.send", payload: { to: 42 }, createdAt: now, availableAt: now }).returning();
    for (let i = 0; i < policy.maxAttempts; i++) {
      await dispatchOutbox(deps(), handlers(workingSender), policy);
      world.clock.advance(policy.maxDelaySeconds * 1000);
    }
    const [row] = await database.db.select().from(outbox).where(eq(outbox.id, bad!.id));
    expect(row!.deadAt).not.toBeNull();
    expect(row!.lastError).toMatch(/Expected string/);
  });
});
