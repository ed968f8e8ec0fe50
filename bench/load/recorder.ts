import { latencySummary } from "../lib/measure";

/** How one answer counts: as expected, as an expected business conflict (a 409), or as an error. */
export type Outcome = { kind: "ok" } | { kind: "conflict" } | { kind: "error"; detail: string };

interface ClassStats {
  latencies: number[];
  errors: number;
  conflicts: number;
  /** The first few errors, to say what went wrong. */
  samples: string[];
}

/** Latencies and outcomes per traffic class (e.g. "GET /department"). */
export class Recorder {
  private readonly classes = new Map<string, ClassStats>();

  record(trafficClass: string, ms: number, outcome: Outcome) {
    let stats = this.classes.get(trafficClass);
    if (!stats) this.classes.set(trafficClass, (stats = { latencies: [], errors: 0, conflicts: 0, samples: [] }));
    stats.latencies.push(ms);
    if (outcome.kind === "conflict") stats.conflicts += 1;
    if (outcome.kind === "error") {
      stats.errors += 1;
      if (stats.samples.length < 5) stats.samples.push(outcome.detail);
    }
  }

  summary(trafficClass: string) {
    const stats = this.classes.get(trafficClass) ?? { latencies: [], errors: 0, conflicts: 0, samples: [] };
    return { ...latencySummary(stats.latencies), errors: stats.errors, conflicts: stats.conflicts, samples: stats.samples };
  }

  all() {
    return latencySummary([...this.classes.values()].flatMap((s) => s.latencies));
  }

  totals() {
    const stats = [...this.classes.values()];
    return { errors: stats.reduce((n, s) => n + s.errors, 0), conflicts: stats.reduce((n, s) => n + s.conflicts, 0) };
  }
}
