import type { IntakeTally } from "./intake-load";
import type { LedgerCheck } from "./ledger";

export const n = (value: number) => value.toLocaleString("en-US");

/** "acknowledged 1,842 / in database 1,846, lost 0 (4 committed but unacknowledged)". */
export function ledgerText(check: LedgerCheck): string {
  const extra = check.unacknowledged ? ` (${n(check.unacknowledged)} committed but unacknowledged)` : "";
  return `acknowledged ${n(check.acknowledged)} / in database ${n(check.inDatabase)}, lost ${n(check.lost.length)}${extra}`;
}

/** How the requests that got no ticket failed: "503 ×12, ECONNREFUSED ×40; hung 0; slowest failure 31 ms". */
export function failureText(tally: IntakeTally): string {
  const kinds = [...tally.refused, ...tally.networkErrors].map(([kind, count]) => `${kind} ×${n(count)}`);
  const slowest = tally.failureMs.length ? Math.max(...tally.failureMs) : 0;
  return `${kinds.join(", ") || "none failed"}; hung ${tally.hung}; slowest failure ${Math.round(slowest)} ms`;
}

/** Failed answers that are not server errors (4xx): the client was blamed for an outage. */
export function clientErrorsOf(tally: IntakeTally): number {
  return [...tally.refused].filter(([status]) => status.startsWith("4")).reduce((sum, [, count]) => sum + count, 0);
}

/** How many lines of the server's output carry `message`. */
export function countLogLines(output: string, message: string): number {
  return output.split("\n").filter((line) => line.includes(`"message":"${message}"`)).length;
}
