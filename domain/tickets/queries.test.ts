import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { ticketWorld } from "~/tests/helpers/tickets";
import { LIST_COUNT_CAP, listTickets } from "./queries";

describe.each(testEngines)("ticket lists on %s", (engine) => {
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof ticketWorld>>;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    world = await ticketWorld(database);
  });
  afterAll(() => database.dispose());

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
});
