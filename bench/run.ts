import { type BenchOptions, type BenchRow } from "./lib/measure";
import { machineLine, markdownTable } from "./lib/table";

/**
 * `npm run bench [-- --full] [--only=intake,telephony] [--key=value …]`: every benchmark, one after
 * another (each needs the machine to itself), printed as one Markdown table with each figure beside
 * the baseline measured in the same run. Quick mode by default (minutes, generated data of
 * 100–200 thousand tickets); `--full` runs city scale (ten million tickets from
 * `npm run bench:generate`, five-minute load run, fault injection). The README carries the table.
 */
const BENCHMARKS: Record<string, { load(): Promise<{ run(options: BenchOptions): Promise<BenchRow[]> }>; fullOnly?: boolean }> = {
  intake: { load: () => import("./intake") },
  telephony: { load: () => import("./telephony-voice") },
  "read-paths": { load: () => import("./read-paths") },
  sweep: { load: () => import("./deadline-sweep") },
  stats: { load: () => import("./stats-ranking") },
  kb: { load: () => import("./kb-search") },
  load: { load: () => import("./load") },
  faults: { load: () => import("./faults"), fullOnly: true },
};

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const options: BenchOptions = { full: "full" in args, args };
const names = args.only ? args.only.split(",") : Object.keys(BENCHMARKS).filter((name) => options.full || !BENCHMARKS[name]!.fullOnly);
const unknown = names.filter((name) => !(name in BENCHMARKS));
if (unknown.length) {
  console.error(`unknown benchmark(s) ${unknown.join(", ")}; known: ${Object.keys(BENCHMARKS).join(", ")}`);
  process.exit(2);
}
// Ctrl-C or a timeout: exit normally, so private clusters and scratch databases are cleaned up.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

const rows: BenchRow[] = [];
for (const name of names) {
  const started = performance.now();
  process.stderr.write(`\n== ${name} ==\n`);
  try {
    const benchmark = await BENCHMARKS[name]!.load();
    rows.push(...(await benchmark.run(options)));
  } catch (error) {
    // One broken benchmark must not hide the others' figures; it shows as a failed row.
    console.error(error);
    rows.push({ measure: name, result: `failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`, baseline: "—", target: "runs", met: false });
  }
  process.stderr.write(`== ${name}: ${((performance.now() - started) / 1000).toFixed(0)} s ==\n`);
}

const cells = rows.map((r) => [r.measure, r.result, r.baseline, r.target || "—", r.met === null ? "—" : r.met ? "yes" : "**no**"]);
console.log(`\n${options.full ? "Full" : "Quick"} run, ${new Date().toISOString().slice(0, 10)}, ${machineLine()}\n`);
console.log(markdownTable(["measure", "result", "baseline (same run)", "target", "met"], cells));
process.exit(rows.every((r) => r.met !== false) ? 0 : 1);
