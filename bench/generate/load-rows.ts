import type postgres from "postgres";
import { CopyWriter } from "./copy-writer";
import { Random } from "./random";
import { IntakeSchedule } from "./schedule";
import { tellStory, type IdCounters, type SeedFacts } from "./story";
import { GENERATED_TABLE_NAMES, GENERATED_TABLES, type GeneratedTable } from "./tables";

/** Three years of intake, as the issue asks. */
export const GENERATED_DAYS = 3 * 365;
/** Tickets per batch: rows go to the server after each (see CopyWriter on why often). */
const BATCH = 2_000;
const PROGRESS_EVERY_MS = 10_000;

/**
 * One pass over `total` tickets in intake order: each ticket's story writes its rows into one COPY
 * per table, all running at once on their own connections, so the server parses and stores while
 * this process composes the next rows. Prints rows/s per table as it goes.
 */
export async function loadRows(sql: postgres.Sql, facts: SeedFacts, total: number, nowMs: number, log: (line: string) => void) {
  const writers = new Map(GENERATED_TABLE_NAMES.map((table) => [table, new CopyWriter(sql, table, GENERATED_TABLES[table])]));
  const emit = (table: GeneratedTable, values: readonly unknown[]) => writers.get(table)!.add(values);
  const schedule = new IntakeSchedule(total, nowMs, GENERATED_DAYS);
  const ids: IdCounters = { rating: 0, verification: 0 };
  // About 2.5 tickets per caller over three years: repeat callers, as the intake history expects.
  const phonePool = Math.max(1_000, Math.round(total / 2.5));
  const recent: { id: number; number: string }[] = [];
  const started = Date.now();
  let reported = started;
  const rates = () =>
    [...writers.values()].map((w) => `${w.table} ${w.rows.toLocaleString("en-US")} (${Math.round(w.rows / ((Date.now() - started) / 1000)).toLocaleString("en-US")}/s)`).join(", ");

  for (let index = 0; index < total; index++) {
    const id = index + 1;
    const { createdMs, number } = schedule.next(index);
    tellStory(facts, new Random(id), { id, number, createdMs, phonePool, recentNumbers: recent }, nowMs, ids, emit);
    // Merges join a ticket that came in shortly before.
    recent.push({ id, number });
    if (recent.length > 50) recent.shift();
    if (id % BATCH === 0) {
      await Promise.all([...writers.values()].map((w) => w.flush()));
      await Promise.all([...writers.values()].map((w) => w.drained()));
      if (Date.now() - reported >= PROGRESS_EVERY_MS) {
        reported = Date.now();
        log(`  ${((100 * id) / total).toFixed(1)} %: ${rates()}`);
      }
    }
  }
  await Promise.all([...writers.values()].map((w) => w.close()));
  log(`  loaded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${rates()}`);
  return Object.fromEntries([...writers].map(([table, w]) => [table, w.rows])) as Record<GeneratedTable, number>;
}
