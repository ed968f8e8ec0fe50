/**
 * What every benchmark hands to `npm run bench` (bench/run.ts): rows of one table, each figure
 * beside a baseline measured in the same run, and the target it is held to when an issue sets one.
 */
export interface BenchRow {
  /** What was measured, e.g. "intake (createTicket), tickets/s". */
  measure: string;
  /** The figure, formatted with its unit, e.g. "612 tickets/s" or "p99 18.2 ms". */
  result: string;
  /** The baseline from the same run and what it is, e.g. "raw INSERT: 2,410 rows/s". */
  baseline: string;
  /** The target from the issue, e.g. "≥ 500/s and ≥ 25 % of baseline", or "" when none. */
  target: string;
  /** Whether the target was met; null when there is no target. */
  met: boolean | null;
}

export interface BenchOptions {
  /** Full mode (`npm run bench -- --full`): city-scale data; quick mode otherwise. */
  full: boolean;
  /** Extra `--key=value` arguments, for benchmarks that take their own. */
  args: Record<string, string>;
}

/** The p-th percentile (0–100) of ascending-sorted numbers, nearest-rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Latency figures (ms) of a sample, sorted once. */
export function latencySummary(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

/**
 * A closed loop: `concurrency` callers, each calling `once` again as soon as it settles, for
 * `seconds`. A throw counts as an error; the rate counts successes. `n` numbers the calls.
 */
export async function closedLoop(concurrency: number, seconds: number, once: (n: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let calls = 0;
  let errors = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        try {
          await once(calls++);
          latencies.push(performance.now() - t0);
        } catch (error) {
          if (errors++ === 0) console.error(error);
        }
      }
    }),
  );
  return { rate: (latencies.length / (performance.now() - started)) * 1000, errors, ...latencySummary(latencies) };
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;
export const perSecond = (value: number, unit: string) => `${Math.round(value).toLocaleString("en-US")} ${unit}/s`;
