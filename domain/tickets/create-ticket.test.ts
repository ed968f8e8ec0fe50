import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "~/db/client";
import { deadlineWatches, outbox, ticketEvents, tickets } from "~/db/schema";
import { DomainError } from "~/domain/errors";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { ticketWorld } from "~/tests/helpers/tickets";

/** Concurrent intakes are written together (group commit); each must still come out whole and alone. */
describe.each(testEngines)("concurrent intake on %s", (engine) => {
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof ticketWorld>>;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    world = await ticketWorld(database);
  });
  afterAll(() => database.dispose());

  const phoneOf = (i: number) => `1380000${String(i).padStart(4, "0")}`;

  async function rowsOf(ids: number[]) {
    const all = async <T extends { ticketId: number }>(rows: Promise<T[]>) => (await rows).filter((r) => ids.includes(r.ticketId));
    return {
      events: await all(database.db.select().from(ticketEvents)),
      watches: await all(database.db.select().from(deadlineWatches)),
      sms: (await database.db.select().from(outbox)).filter((o) => o.topic === "sms.send" && ids.includes((o.payload as { ticketId: number }).ticketId)),
    };
  }

  it("gives every one of many simultaneous intakes its own number, event, deadline watch and SMS", async () => {
    const created = await Promise.all(Array.from({ length: 30 }, (_, i) => world.complaint({ citizenPhone: phoneOf(i), title: `噪音投诉 ${i}` })));
    expect(new Set(created.map((t) => t.number)).size).toBe(30);
    created.forEach((ticket, i) => expect(ticket).toMatchObject({ title: `噪音投诉 ${i}`, citizenPhone: phoneOf(i), state: "accepted" }));

    const { events, watches, sms } = await rowsOf(created.map((t) => t.id));
    for (const ticket of created) {
      expect(events.filter((e) => e.ticketId === ticket.id).map((e) => [e.action, e.actorLabel])).toEqual([["create", "operator"]]);
      const watch = watches.filter((w) => w.ticketId === ticket.id);
      expect(watch).toHaveLength(1);
      expect(watch[0]).toMatchObject({ kind: "dispatch", dueAt: ticket.dispatchDueAt, startedAt: ticket.createdAt });
      expect(sms.filter((o) => (o.payload as { ticketId: number }).ticketId === ticket.id).map((o) => (o.payload as { to: string }).to)).toEqual([ticket.citizenPhone]);
    }
  });

  it("answers a bad category with its own 400 while the intakes beside it are taken in", async () => {
    const attempts = await Promise.allSettled([
      world.complaint({ citizenPhone: phoneOf(100) }),
      world.complaint({ citizenPhone: phoneOf(101), categoryId: 987654 }),
      world.complaint({ citizenPhone: phoneOf(102) }),
      world.complaint({ requestType: "consultation", citizenPhone: phoneOf(103), directAnswer: "已当场答复：可在政务服务网办理。" }),
    ]);
    expect(attempts.map((a) => a.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    const refusal = (attempts[1] as PromiseRejectedResult).reason;
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: "category_invalid", status: 400, field: "categoryId" });

    const answered = (attempts[3] as PromiseFulfilledResult<{ id: number; state: string; dispatchDueAt: Date | null }>).value;
    expect(answered).toMatchObject({ state: "closed", dispatchDueAt: null });
    const { events, watches, sms } = await rowsOf([answered.id]);
    expect(events.map((e) => e.action)).toEqual(["create_and_close"]);
    expect(watches).toEqual([]);
    expect(sms).toEqual([]);
  });

  it("takes an administrator's change to the rules into account from the next intake, however it was made", async () => {
    // Written behind the process's back, as another process or an operator in psql would.
    const hoursAfterIntake = async () => {
      const ticket = await world.complaint();
      return { ruleId: ticket.timeLimitRuleId!, hours: (ticket.dispatchDueAt!.getTime() - ticket.createdAt.getTime()) / 3_600_000 };
    };
    const { ruleId } = await hoursAfterIntake();
    const [before] = await queryRows<{ value: number; unit: string }>(database.db, sql`select dispatch_value as value, dispatch_unit as unit from time_limit_rules where id = ${ruleId}`);
    try {
      await database.db.execute(sql`update time_limit_rules set dispatch_value = 5, dispatch_unit = 'hours' where id = ${ruleId}`);
      expect(await hoursAfterIntake()).toEqual({ ruleId, hours: 5 });
      await database.db.execute(sql`update time_limit_rules set dispatch_value = 7 where id = ${ruleId}`);
      expect(await hoursAfterIntake()).toEqual({ ruleId, hours: 7 });
      // A category switched off is refused at once too, and accepted again once switched back on.
      const [{ id }] = (await queryRows<{ id: number }>(database.db, sql`update categories set active = false where id = (select min(id) from categories) returning id`)) as [{ id: number }];
      await expect(world.complaint({ categoryId: id })).rejects.toMatchObject({ code: "category_invalid" });
      await database.db.execute(sql`update categories set active = true where id = ${id}`);
      expect(await world.complaint({ categoryId: id })).toMatchObject({ categoryId: id });
    } finally {
      await database.db.execute(sql`update time_limit_rules set dispatch_value = ${before!.value}, dispatch_unit = ${before!.unit} where id = ${ruleId}`);
    }
  });

  it("when one intake of a batch fails in the database, the others are written and it leaves nothing behind", async () => {
    // A trigger stands in for any failure only the database sees (a constraint, a full disk …).
    await database.db.execute(sql`create function refuse_poison() returns trigger language plpgsql as $$
      begin if new.title = '拒收测试' then raise exception 'poison ticket'; end if; return new; end $$`);
    await database.db.execute(sql`create trigger refuse_poison before insert on tickets for each row execute function refuse_poison()`);
    try {
      const before = (await database.db.select({ id: tickets.id }).from(tickets)).length;
      const attempts = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => world.complaint({ citizenPhone: phoneOf(200 + i), title: i === 5 ? "拒收测试" : `正常投诉 ${i}` })),
      );
      expect(attempts.map((a) => a.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
      const failure = (attempts[5] as PromiseRejectedResult).reason as Error;
      expect(String(failure.cause)).toContain("poison ticket"); // drizzle wraps the driver's error

      const all = await database.db.select().from(tickets);
      expect(all.length - before).toBe(7);
      expect(all.some((t) => t.title === "拒收测试")).toBe(false);
      const ids = all.map((t) => t.id);
      const { events, sms } = await rowsOf(ids);
      // Nothing of the refused intake anywhere: every event and SMS belongs to a ticket that exists.
      expect(sms.some((o) => (o.payload as { to: string }).to === phoneOf(205))).toBe(false);
      expect(new Set(events.map((e) => e.ticketId)).size).toBe(ids.length);
    } finally {
      await database.db.execute(sql`drop trigger refuse_poison on tickets`);
    }
  });
});
