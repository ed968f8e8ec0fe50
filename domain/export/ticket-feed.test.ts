import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ticketEvents } from "~/db/schema";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { ticketWorld } from "~/tests/helpers/tickets";
import * as actions from "../tickets/actions";
import { runTicketAction } from "../tickets/run-action";
import { decodeCursor, readTicketFeed } from "./ticket-feed";

describe.each(testEngines)("ticket export feed on %s", (engine) => {
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof ticketWorld>>;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    world = await ticketWorld(database);
  });
  afterAll(() => database.dispose());

  /** Reads page after page until caught up, counting how often each event id is delivered. */
  function reader(pageSize: number) {
    const seen = new Map<number, number>();
    let cursor: string | null = null;
    return {
      seen,
      async catchUp() {
        for (;;) {
          const page = await readTicketFeed(database.db, cursor, pageSize);
          cursor = page.cursor;
          if (!page.tickets.length) return;
          for (const ticket of page.tickets) {
            expect(ticket).not.toHaveProperty("queryCode");
            for (const event of ticket.events) seen.set(event.id, (seen.get(event.id) ?? 0) + 1);
          }
        }
      },
    };
  }

  const allEventIds = async () => (await database.db.select({ id: ticketEvents.id }).from(ticketEvents)).map((e) => e.id).sort((a, b) => a - b);

  it("gives the full history first, then increments, each event exactly once", async () => {
    for (let i = 0; i < 5; i++) {
      const t = await world.complaint();
      await actions.dispatchTicket(world.as("dispatcher"), t.id, { leadDepartmentId: world.deptA });
    }
    const feed = reader(3);
    await feed.catchUp();
    expect([...feed.seen.keys()].sort((a, b) => a - b)).toEqual(await allEventIds());
    const t = await world.complaint();
    await actions.dispatchTicket(world.as("dispatcher"), t.id, { leadDepartmentId: world.deptA });
    await feed.catchUp();
    expect([...feed.seen.keys()].sort((a, b) => a - b)).toEqual(await allEventIds());
    expect([...feed.seen.values()].every((n) => n === 1)).toBe(true);
  });

  it.runIf(engine === "postgres")("misses nothing written by a transaction that commits after later ones", async () => {
    const feed = reader(4);
    await feed.catchUp();
    const slowTicket = await world.complaint();
    await actions.dispatchTicket(world.as("dispatcher"), slowTicket.id, { leadDepartmentId: world.deptA });
    await actions.signTicket(world.as("handlerA"), slowTicket.id);

    // A transaction takes its id (row lock) and then waits, while others commit after it.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const holding = new Promise<void>((resolve) => (started = resolve));
    const slow = runTicketAction(world.as("handlerA"), slowTicket.id, "start", async () => {
      started();
      await gate;
      return {};
    });
    await holding;
    const concurrent = [];
    for (let i = 0; i < 6; i++) concurrent.push(await world.complaint({ title: `并发变更 ${i}` }));
    // Read while the slow transaction is open: later, committed events wait behind it.
    await feed.catchUp();
    release();
    await slow;
    await feed.catchUp();
    expect(concurrent).toHaveLength(6);
    expect([...feed.seen.keys()].sort((a, b) => a - b)).toEqual(await allEventIds());
    expect([...feed.seen.values()].every((n) => n === 1)).toBe(true);
  });

  it("rejects a cursor it did not make with a clear 400", () => {
    expect(() => decodeCursor("not-a-cursor")).toThrow(expect.objectContaining({ code: "cursor_invalid", status: 400 }));
    expect(decodeCursor(null)).toEqual({ t: 0, e: 0 });
  });
});
