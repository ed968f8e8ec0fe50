import { setTimeout as sleep } from "node:timers/promises";
import type { BenchRow } from "../lib/measure";
import { prepareDatabase, withDatabase } from "./database";
import { failureText, ledgerText, n } from "./format";
import { firstServiceCode, OPEN311_KEY, startIntakeLoad } from "./intake-load";
import { checkLedger } from "./ledger";
import { freePort } from "./ports";
import type { PrivatePostgres } from "./private-postgres";
import { type AppProcess, startAppProcess } from "../lib/app-process";

const CLIENTS = 20;
const KILLS = 3;
/** Intake runs this long before each kill, and after the last restart. */
const RUN_MS = 4_000;

/**
 * Fault 2: the web process SIGKILLed mid-intake (no shutdown, transactions cut wherever they
 * were), then started again on the same address while the clients keep posting. Afterwards every
 * acknowledged ticket must exist, and no ticket may lack any part of what createTicket writes.
 */
export async function killWebProcess(cluster: PrivatePostgres): Promise<BenchRow[]> {
  const url = await prepareDatabase(cluster, "fault_kill9");
  const port = await freePort();
  const env = { DATABASE_URL: url, WORKERS: "embedded", DEMO_TICKETS: "false", OPEN311_API_KEYS: OPEN311_KEY };
  let server: AppProcess = await startAppProcess(env, port);
  try {
    const load = startIntakeLoad(server.baseUrl, await firstServiceCode(server.baseUrl), CLIENTS);
    const restartMs: number[] = [];
    for (let kill = 0; kill < KILLS; kill += 1) {
      await sleep(RUN_MS);
      await server.kill9();
      const down = performance.now();
      server = await startAppProcess(env, port);
      restartMs.push(performance.now() - down);
    }
    await sleep(RUN_MS);
    const tally = await load.stop();
    const check = await withDatabase(url, (handle) => checkLedger(handle.db, tally.acknowledged));
    const label = `web process kill -9 ×${KILLS} during intake, ${CLIENTS} Open311 clients`;
    const example = check.halfWritten[0];
    return [
      {
        measure: `${label}: tickets`,
        result: `${ledgerText(check)}; half-written ${check.halfWritten.length}${example ? ` (e.g. ${example.number}: no ${example.missing.join(", ")})` : ""}`,
        baseline: `acknowledged ${n(check.acknowledged)}`,
        target: "0 lost, 0 half-written",
        met: check.lost.length === 0 && check.halfWritten.length === 0,
      },
      {
        measure: `${label}: while it was down`,
        result: `${failureText(tally)}; back up in ${restartMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(" / ")}`,
        baseline: "—",
        target: "none hung",
        met: tally.hung === 0,
      },
    ];
  } finally {
    await server.stop();
  }
}
