import { sql } from "drizzle-orm";
import { queryRows } from "~/db/client";
import { systemClock } from "~/domain/clock";
import { DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import { seedOnFirstStart } from "~/domain/setup/seed";
import { departmentRanking, ratesByDay } from "~/domain/stats/rates";
import { rollUpDepartmentStats } from "~/domain/stats/rollup";
import { startAppProcess } from "./lib/app-process";
import { type BenchOptions, type BenchRow, latencySummary, ms } from "./lib/measure";
import { scratchPostgres } from "./lib/scratch-postgres";

/**
 * The department ranking (`--tickets=N`; quick mode 100,000, full mode 1,000,000): the department ranking (三率) over 30 days, with
 * N tickets spread over the last 90 days, on PostgreSQL. Measured: the full rollup (once, as after
 * an import), the ranking and trend reads the page makes, and the `/stats` page over HTTP when
 * the app is built. Baseline in the same run: the same ranking computed straight from the
 * tickets table with one GROUP BY — what the page would cost without the daily rollup.
 */
const REPEAT = 20;

async function timeIt(fn: () => Promise<unknown>, times = REPEAT) {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return latencySummary(samples);
}

export async function run(options: BenchOptions): Promise<BenchRow[]> {
  const total = Number(options.args.tickets ?? (options.full ? 1_000_000 : 100_000));
  const scratch = await scratchPostgres();
  const { db } = scratch.handle;
  try {
    await seedOnFirstStart(scratch.handle, systemClock, { withDemoAccounts: true });
    const [range] = await queryRows<{ first: number; count: number }>(db, sql`select min(id)::int as first, count(*)::int as count from departments`);
    process.stderr.write(`generating ${total.toLocaleString()} tickets …\n`);
    const generateStart = Date.now();
    // The generator: tickets over 90 days and all departments, with the facts the rates count
    // drawn from fixed hashes of the row number, so every run sees the same data.
    await db.execute(sql`
      insert into tickets (number, query_code, channel, request_type, title, description, state, lead_department_id,
                           created_at, updated_at, signed_late, replied_late, round, first_rating, final_rating, rating_defaulted, resolved)
      select 'S' || lpad(g::text, 9, '0'), '000000', 'phone', 'complaint', '诉求 ' || g, '统计基准数据', 'revisited',
             ${range!.first} + (g * 7919) % ${range!.count},
             now() - ((g * 104729) % (90 * 1440)) * interval '1 minute', now(),
             (g % 17) = 0, (g % 11) = 0, case when g % 23 = 0 then 1 else 0 end,
             1 + (g * 31) % 5, 1 + (g * 37) % 5, (g % 13) = 0, (g % 7) <> 0
      from generate_series(1::bigint, ${total}::bigint) g`);
    await db.execute(sql`analyze tickets`);
    const generateMs = Date.now() - generateStart;

    const rollupStart = Date.now();
    const rollup = await rollUpDepartmentStats({ db, clock: systemClock }, { full: true });
    const rollupMs = Date.now() - rollupStart;

    // The last 30 local days: a month's ranking over about a third of the tickets.
    const localDay = (msAgo: number) => new Date(Date.now() + 8 * 3_600_000 - msAgo).toISOString().slice(0, 10);
    const period = { from: localDay(29 * 86_400_000), to: localDay(0) };
    const ranking = await timeIt(() => departmentRanking(db, period));
    const trend = await timeIt(() => ratesByDay(db, period));
    const baseline = await timeIt(
      () =>
        db.execute(sql`
          select lead_department_id, count(*), count(*) filter (where signed_late = false), count(*) filter (where resolved),
                 count(*) filter (where final_rating >= 3)
          from tickets where created_at >= ${period.from}::date - interval '8 hours' group by lead_department_id`),
      5,
    );

    let page: ReturnType<typeof latencySummary> | null = null;
    try {
      const app = await startAppProcess({ DATABASE_URL: scratch.url, WORKERS: "off" });
      try {
        const signIn = await fetch(`${app.baseUrl}/login`, {
          method: "POST",
          redirect: "manual",
          headers: { "content-type": "application/x-www-form-urlencoded", origin: app.baseUrl },
          body: new URLSearchParams({ username: "supervisor", password: DEMO_PASSWORD }),
        });
        const cookie = /hotline_session=[^;]+/.exec(signIn.headers.get("set-cookie") ?? "")?.[0];
        const probe = await fetch(`${app.baseUrl}/stats`, { headers: { cookie: cookie ?? "" } });
        if (cookie && probe.status === 200) {
          page = await timeIt(async () => {
            const response = await fetch(`${app.baseUrl}/stats`, { headers: { cookie } });
            await response.text();
            if (response.status !== 200) throw new Error(`/stats answered ${response.status}`);
          });
        } else process.stderr.write(`(/stats page not measured: sign-in or page answered ${probe.status})\n`);
      } finally {
        await app.stop();
      }
    } catch (error) {
      process.stderr.write(`(/stats page not measured: ${(error as Error).message.split("\n")[0]})\n`);
    }

    const size = `${total.toLocaleString("en-US")} tickets over 90 days, period ${period.from} … ${period.to}`;
    const groupBy = `GROUP BY over the tickets table: p50 ${ms(baseline.p50)}, p95 ${ms(baseline.p95)}`;
    const timed = (what: string, t: ReturnType<typeof latencySummary>): BenchRow => ({
      measure: `${what}, ${size}`,
      result: `p50 ${ms(t.p50)}, p95 ${ms(t.p95)}`,
      baseline: groupBy,
      target: "",
      met: null,
    });
    return [
      timed("ranking read (departmentRanking, from the daily rollup)", ranking),
      timed("trend read (ratesByDay)", trend),
      page
        ? timed(`GET /stats page over HTTP (signed-in supervisor, ${REPEAT} requests)`, page)
        : { measure: `GET /stats page over HTTP, ${size}`, result: "not measured (see stderr)", baseline: groupBy, target: "", met: null },
      {
        measure: `full rollup of ${rollup.days} days (once, after an import), ${size}`,
        result: `${ms(rollupMs)} (data generation ${(generateMs / 1000).toFixed(1)} s)`,
        baseline: groupBy,
        target: "",
        met: null,
      },
    ];
  } finally {
    await scratch.drop();
  }
}
