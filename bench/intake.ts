import { sql } from "drizzle-orm";
import { postgresClient } from "~/db/postgres-client";
import { systemClock } from "~/domain/clock";
import { seedOnFirstStart } from "~/domain/setup/seed";
import { createTicket } from "~/domain/tickets/create-ticket";
import type { TicketContext } from "~/domain/tickets/run-action";
import { type BenchOptions, type BenchRow, closedLoop, perSecond } from "./lib/measure";
import { scratchPostgres } from "./lib/scratch-postgres";

/**
 * Intake on PostgreSQL: `createTicket` — the one command every intake route calls (validation,
 * number, time limit, deadline watch, first event, acceptance SMS in the outbox, all in one
 * transaction) — run by 16 callers (`--concurrency`) in a closed loop on a pool as large as the web
 * server's. Baseline from the same run: a raw single-row INSERT of the same ticket columns,
 * autocommit, same pool and concurrency.
 */
const POOL = 10;

const COMPLAINTS = [
  ["小区夜间施工噪音", "每天夜里十一点以后仍在施工，严重影响休息，请相关部门处理。"],
  ["路灯不亮", "建设路与人民路交叉口的路灯已经坏了一周，晚上出行不安全。"],
  ["供暖温度不达标", "家中室温只有十五度，物业称是热力公司的问题，请协调解决。"],
  ["占道经营", "菜市场门口商贩长期占道经营，造成交通拥堵。"],
] as const;

export async function run(options: BenchOptions): Promise<BenchRow[]> {
  const seconds = Number(options.args.seconds ?? (options.full ? 60 : 10));
  const concurrency = Number(options.args.concurrency ?? 16);
  const scratch = await scratchPostgres(POOL);
  try {
    await seedOnFirstStart(scratch.handle, systemClock, { withDemoAccounts: false });
    const ctx: TicketContext = {
      db: scratch.handle.db,
      clock: systemClock,
      actor: { id: null, label: "bench operator", ip: null, roles: ["operator"], departmentId: null },
    };
    const intake = (n: number) => {
      const [title, description] = COMPLAINTS[n % COMPLAINTS.length]!;
      return createTicket(ctx, {
        channel: "phone",
        requestType: "complaint",
        title,
        description,
        citizenName: "市民",
        citizenPhone: `138${String(n % 1e8).padStart(8, "0")}`,
        address: `卫东区建设路 ${n % 500} 号`,
      });
    };
    const raw = postgresClient(scratch.url, { max: POOL, onnotice: () => {} });
    const rawInsert = (n: number) => {
      const [title, description] = COMPLAINTS[n % COMPLAINTS.length]!;
      return raw`insert into tickets (number, query_code, channel, request_type, title, description, citizen_phone, state, created_at, updated_at)
                 values (${`R${process.hrtime.bigint()}${n}`}, '123456', 'phone', 'complaint', ${title}, ${description},
                         ${`138${String(n % 1e8).padStart(8, "0")}`}, 'accepted', now(), now())`;
    };
    try {
      await closedLoop(concurrency, 2, intake); // warm-up: plans, pool, JIT
      await closedLoop(concurrency, 2, rawInsert);
      const baseline = await closedLoop(concurrency, seconds, rawInsert);
      const measured = await closedLoop(concurrency, seconds, intake);
      const [{ tickets }] = (await scratch.handle.db.execute(sql`select count(*)::int as tickets from tickets where number not like 'R%'`)) as unknown as [{ tickets: number }];
      const share = measured.rate / baseline.rate;
      return [
        {
          measure: `intake (createTicket), ${concurrency} callers, ${seconds} s`,
          result: `${perSecond(measured.rate, "tickets")} (${tickets.toLocaleString("en-US")} written, ${measured.errors} errors)`,
          baseline: `raw single-row INSERT: ${perSecond(baseline.rate, "rows")} (${(share * 100).toFixed(0)} %)`,
          target: "≥ 500/s and ≥ 25 % of raw",
          met: measured.errors === 0 && measured.rate >= 500 && share >= 0.25,
        },
      ];
    } finally {
      await raw.end();
    }
  } finally {
    await scratch.drop();
  }
}
