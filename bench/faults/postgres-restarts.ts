import { setTimeout as sleep } from "node:timers/promises";
import { latencySummary, ms, type BenchRow } from "../lib/measure";
import { prepareDatabase, withDatabase } from "./database";
import { clientErrorsOf, countLogLines, failureText, ledgerText, n } from "./format";
import { firstServiceCode, OPEN311_KEY, startIntakeLoad } from "./intake-load";
import { checkLedger } from "./ledger";
import { freePort } from "./ports";
import type { PrivatePostgres } from "./private-postgres";
import { startAppProcess } from "../lib/app-process";

const CLIENTS = 20;
const WARM_UP_MS = 4_000;
/** Time between restarts, and after the last one before the load stops. */
const GAP_MS = 5_000;
/** fast = clean shutdown cutting every connection; immediate = a crash, recovered from the WAL. */
const RESTARTS = ["fast", "immediate", "fast"] as const;

/**
 * Fault 1: PostgreSQL restarted three times while 20 Open311 clients post complaints to the real
 * server (workers embedded, so pg-boss sees the restarts too). The app itself is never restarted.
 */
export async function postgresRestarts(cluster: PrivatePostgres): Promise<BenchRow[]> {
  const url = await prepareDatabase(cluster, "fault_pg_restarts");
  const server = await startAppProcess({ DATABASE_URL: url, WORKERS: "embedded", DEMO_TICKETS: "false", OPEN311_API_KEYS: OPEN311_KEY }, await freePort());
  try {
    const code = await firstServiceCode(server.baseUrl);
    const loadStarted = performance.now();
    const load = startIntakeLoad(server.baseUrl, code, CLIENTS);
    await sleep(WARM_UP_MS);
    const restartedAt: number[] = [];
    for (const mode of RESTARTS) {
      await cluster.restart(mode);
      restartedAt.push(performance.now() - loadStarted);
      await sleep(GAP_MS);
    }
    const tally = await load.stop();
    // Recovery: after the last restart, every request of a fresh short burst must succeed.
    const after = startIntakeLoad(server.baseUrl, code, 4);
    await sleep(2_000);
    const afterTally = await after.stop();
    const afterFailures = afterTally.failureMs.length;

    const check = await withDatabase(url, (handle) => checkLedger(handle.db, [...tally.acknowledged, ...afterTally.acknowledged]));
    const recovery = restartedAt.map((at) => (tally.acknowledgedAt.find((t) => t > at) ?? Infinity) - at);
    const slowestRecovery = Math.max(...recovery);
    const alive = server.exited() === null;
    const output = server.output();
    const label = `PostgreSQL restarted ${RESTARTS.length}× (${RESTARTS.join(", ")}) under intake, ${CLIENTS} Open311 clients`;
    return [
      {
        measure: `${label}: tickets`,
        result: `${ledgerText(check)}; half-written ${check.halfWritten.length}`,
        baseline: `acknowledged ${n(check.acknowledged)} (p50 ${ms(latencySummary(tally.acknowledgedMs).p50)} each)`,
        target: "0 lost",
        met: check.lost.length === 0 && check.halfWritten.length === 0,
      },
      {
        measure: `${label}: requests during the outages`,
        result: `${failureText(tally)}; 4xx ${clientErrorsOf(tally)}`,
        baseline: `${n(tally.acknowledged.length + tally.failureMs.length + tally.hung)} requests`,
        target: "fail with a clear 5xx, none hung",
        met: tally.hung === 0 && clientErrorsOf(tally) === 0 && tally.networkErrors.size === 0,
      },
      {
        measure: `${label}: recovery without restarting the app`,
        result:
          `${alive ? "app process still running" : `app process exited (${server.exited()})`}; first ticket ` +
          `${recovery.map((ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : "never")).join(" / ")} after each restart; ` +
          `burst after: ${n(afterTally.acknowledged.length)} ok, ${afterFailures} failed; ` +
          `log: ${countLogLines(output, "database connection lost mid-write; connection pool renewed")} pool renewals, ` +
          `${countLogLines(output, "job queue error")} job queue errors, ${countLogLines(output, "open311 request failed")} failed requests`,
        baseline: "—",
        target: "recovers, no app restart",
        met: alive && Number.isFinite(slowestRecovery) && afterFailures === 0 && afterTally.acknowledged.length > 0,
      },
    ];
  } finally {
    await server.stop();
  }
}
