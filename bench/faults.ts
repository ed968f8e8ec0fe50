import type { BenchOptions, BenchRow } from "./lib/measure";
import { attachmentStoreFailing } from "./faults/attachment-store";
import { killWebProcess } from "./faults/kill-web";
import { meilisearchUnreachable } from "./faults/meili-down";
import { postgresRestarts } from "./faults/postgres-restarts";
import { startPrivatePostgres } from "./faults/private-postgres";

/** The faults by name, for `--faults=restarts,kill9` (all of them by default). */
const FAULTS = {
  restarts: postgresRestarts,
  kill9: killWebProcess,
  meili: meilisearchUnreachable,
  attachments: attachmentStoreFailing,
} as const;

/**
 * Issue #9 item 4, "Faults": each fault injected into the real server (built app, child process)
 * on loopback, against a PostgreSQL cluster of the run's own (never the machine's shared one).
 * Rows say what was promised and what survived. Needs the app built (`remix vite:build`).
 */
export async function run(options: BenchOptions): Promise<BenchRow[]> {
  const names = options.args.faults ? options.args.faults.split(",") : Object.keys(FAULTS);
  const unknown = names.filter((name) => !(name in FAULTS));
  if (unknown.length) throw new Error(`unknown fault(s) ${unknown.join(", ")}; known: ${Object.keys(FAULTS).join(", ")}`);
  const cluster = await startPrivatePostgres();
  try {
    const rows: BenchRow[] = [];
    // One after another: each fault needs the machine to itself to say anything about timing.
    for (const name of names) rows.push(...(await FAULTS[name as keyof typeof FAULTS](cluster)));
    return rows;
  } finally {
    await cluster.destroy();
  }
}
