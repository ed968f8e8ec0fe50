import { sql } from "drizzle-orm";
import { systemClock } from "~/domain/clock";
import { seedOnFirstStart } from "~/domain/setup/seed";
import { runDeadlineSweep } from "~/domain/supervision/sweep";
import { SUPERVISION_LEVELS } from "~/db/schema";
import { type BenchOptions, type BenchRow, ms } from "./lib/measure";
import { scratchPostgres } from "./lib/scratch-postgres";

/**
 * The deadline sweep (`--sizes=100000,1000000 --due=1000`; quick mode 100,000, full mode both):
 * one deadline sweep over a table of N open tickets of which `due` have just crossed their deadline, on PostgreSQL. The baseline is
 * the least work any sweep must do, measured in the same run: one raw INSERT … SELECT writing the
 * same number of records for the same due rows.
 * The sweep also writes in-app notifications: two handlers per department receive each notice.
 */
/** Sweeps per size: the first is cold (fresh table, fresh process); a running worker is warm. */
const ROUNDS = 5;

async function measure(total: number, due: number) {
  const scratch = await scratchPostgres();
  const { db } = scratch.handle;
  try {
    await seedOnFirstStart(scratch.handle, systemClock, { withDemoAccounts: false });
    const departments = (await db.execute(sql`select id from departments order by id`)) as unknown as { id: number }[];
    // Two handlers per department, so every notice also notifies people as it would in production.
    await db.execute(sql`
      insert into users (id, username, display_name, password_hash, department_id)
      select 'bench-' || d.id || '-' || n, 'bench' || d.id || '_' || n, '经办人' || n, 'not-a-hash', d.id
      from departments d, generate_series(1, 2) n`);
    await db.execute(sql`insert into user_roles (user_id, role) select id, 'department_handler' from users where id like 'bench-%'`);
    const started = Date.now();
    // The generator: open tickets spread over departments with deadlines over the next 30 days.
    // The first ROUNDS × due of them have just passed their deadline but are not yet marked due;
    // each round marks the next `due` of them due, as the passing minute would, and sweeps.
    await db.execute(sql`
      insert into tickets (number, query_code, channel, request_type, title, description, state, lead_department_id,
                           created_at, updated_at, handle_due_at)
      select 'B' || lpad(g::text, 9, '0'), lpad((g % 1000000)::text, 6, '0'), 'phone', 'complaint',
             '噪音扰民 第' || g || '号', '夜间施工噪音影响休息', 'in_progress', ${departments[0]!.id} + (g % ${departments.length}),
             now() - interval '3 days', now() - interval '3 days',
             case when g <= ${ROUNDS * due} then now() - interval '1 minute' else now() + (g % 43200) * interval '1 minute' + interval '5 hours' end
      from generate_series(1, ${total}) g`);
    await db.execute(sql`
      insert into deadline_watches (ticket_id, kind, due_at, started_at, last_level, next_at)
      select id, 'handle', handle_due_at, created_at, 'warning', greatest(handle_due_at - interval '4 hours', now() + interval '1 hour')
      from tickets`);
    await db.execute(sql`analyze`);
    const generateMs = Date.now() - started;

    const sweeps: number[] = [];
    let baselineMs = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await db.execute(sql`
        update deadline_watches set next_at = due_at
        where ticket_id in (select id from tickets order by id limit ${due} offset ${round * due})`);
      // Baseline: one statement inserting one record per due watch, and nothing else (rolled back).
      const baselineStart = process.hrtime.bigint();
      await db
        .transaction(async (tx) => {
          await tx.execute(sql`
            insert into supervision_records (ticket_id, kind, due_at, level, addressee, department_id, notice, requires_response, created_at)
            select w.ticket_id, w.kind, w.due_at, 'overdue', 'handler', t.lead_department_id, 'baseline', false, now()
            from deadline_watches w join tickets t on t.id = w.ticket_id
            where w.next_at <= now()`);
          tx.rollback();
        })
        .catch((e: unknown) => {
          if (!(e instanceof Error && e.message.includes("Rollback"))) throw e;
        });
      baselineMs += Number(process.hrtime.bigint() - baselineStart) / 1e6;
      const sweepStart = process.hrtime.bigint();
      const result = await runDeadlineSweep({ db, clock: systemClock });
      sweeps.push(Number(process.hrtime.bigint() - sweepStart) / 1e6);
      if (result.records !== due) throw new Error(`round ${round}: expected ${due} records, got ${JSON.stringify(result)}`);
    }
    const idleStart = process.hrtime.bigint();
    const idle = await runDeadlineSweep({ db, clock: systemClock });
    const idleMs = Number(process.hrtime.bigint() - idleStart) / 1e6;
    if (idle.records !== 0) throw new Error("a sweep with nothing due wrote records");
    const sorted = [...sweeps].sort((a, b) => a - b);
    return { total, generateMs, firstMs: sweeps[0]!, medianMs: sorted[Math.floor(sorted.length / 2)]!, baselineMs: baselineMs / ROUNDS, idleMs, records: due };
  } finally {
    await scratch.drop();
  }
}

export async function run(options: BenchOptions): Promise<BenchRow[]> {
  const sizes = (options.args.sizes ?? (options.full ? "100000,1000000" : "100000")).split(",").map(Number);
  const due = Number(options.args.due ?? 1000);
  const rows: BenchRow[] = [];
  for (const total of sizes) {
    process.stderr.write(`deadline sweep: generating ${total.toLocaleString("en-US")} open tickets …\n`);
    const r = await measure(total, due);
    rows.push({
      measure: `deadline sweep (${SUPERVISION_LEVELS.length} levels), ${r.total.toLocaleString("en-US")} open tickets, ${due.toLocaleString("en-US")} newly due (${r.records.toLocaleString("en-US")} records per sweep)`,
      result: `median of ${ROUNDS} sweeps ${ms(r.medianMs)} (first ${ms(r.firstMs)}; nothing due ${ms(r.idleMs)}; data generation ${(r.generateMs / 1000).toFixed(1)} s)`,
      baseline: `raw INSERT … SELECT of the same records: ${ms(r.baselineMs)}`,
      target: "",
      met: null,
    });
  }
  return rows;
}
