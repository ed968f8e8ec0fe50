import { spawn } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "~/db/client";
import { systemClock } from "~/domain/clock";
import { seedOnFirstStart } from "~/domain/setup/seed";
import { SUPERVISION_LEVELS } from "~/db/schema";
import { openTestDatabase, type TestDatabase } from "~/tests/helpers/databases";

const TICKETS = 4000;

/** `npm run job -- deadline-sweep` in a real child process on the scratch database. */
function startSweep(url: string) {
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["workers/cli/run-job.ts", "deadline-sweep", JSON.stringify({ batchSize: 20 })], {
    env: { ...process.env, DATABASE_URL: url, NODE_ENV: undefined, LOG_LEVEL: "error" } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, output })),
  );
  return { child, exited };
}

describe.skipIf(!process.env.DATABASE_URL)("a worker killed mid-sweep on PostgreSQL", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase("postgres");
    await seedOnFirstStart(database, systemClock, { withDemoAccounts: false });
    // Tickets whose handling deadline passed ten days ago, so every level is due at once.
    await database.db.execute(sql`
      insert into tickets (number, query_code, channel, request_type, title, description, state, created_at, updated_at, handle_due_at)
      select 'CRASH-' || g, '000000', 'phone', 'complaint', '夜间施工噪音 ' || g, '测试数据', 'in_progress',
             now() - interval '20 days', now() - interval '20 days', now() - interval '10 days'
      from generate_series(1, ${TICKETS}) g`);
    await database.db.execute(sql`
      insert into deadline_watches (ticket_id, kind, due_at, started_at, next_at)
      select id, 'handle', handle_due_at, created_at, created_at from tickets where number like 'CRASH-%'`);
  }, 120_000);
  afterAll(() => database.dispose());

  const countRecords = async () => Number((await queryRows<{ n: string }>(database.db, sql`select count(*) as n from supervision_records`))[0]!.n);

  it("loses and duplicates no supervision record after kill -9 and a restart", async () => {
    const expected = TICKETS * SUPERVISION_LEVELS.length;
    const first = startSweep(database.url!);
    // Kill it as soon as some batches have committed.
    let seen = 0;
    while (seen === 0) {
      await new Promise((r) => setTimeout(r, 20));
      seen = await countRecords();
    }
    first.child.kill("SIGKILL");
    const killed = await first.exited;
    expect(killed.signal).toBe("SIGKILL");
    const atKill = await countRecords();
    // The point of the test: it really died half-way.
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(expected);
    // Whole batches only: every watch is either untouched or fully escalated.
    expect(atKill % SUPERVISION_LEVELS.length).toBe(0);

    const second = await startSweep(database.url!).exited;
    expect(second.code, second.output).toBe(0);
    expect(await countRecords()).toBe(expected);
    const duplicates = await queryRows(
      database.db,
      sql`select ticket_id, kind, level from supervision_records group by ticket_id, kind, due_at, level having count(*) > 1`,
    );
    expect(duplicates).toEqual([]);
    const [left] = await queryRows<{ n: string }>(database.db, sql`select count(*) as n from deadline_watches where next_at is not null`);
    expect(Number(left!.n)).toBe(0);
  }, 120_000);
});
