import type { Writable } from "node:stream";
import type postgres from "postgres";
import type { RowValues } from "./tables";

/** COPY text format: tab-separated, \N for null, backslash escapes for the few special characters. */
function encode(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "boolean") return value ? "t" : "f";
  if (typeof value === "number") return String(value);
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : text;
}

/**
 * One `COPY table (columns) FROM STDIN` on its own connection, fed row by row; rows are held until
 * `flush()`, which the loader calls after every batch of tickets, and `drained()` waits while the
 * server is behind, so memory stays flat however many rows go through.
 *
 * Why every batch and why the COPY opens only with its first rows: a backend waiting for COPY data
 * does not answer the cluster-wide signal barrier that DROP DATABASE waits for, so a COPY that
 * sits idle (a table whose rows come only near the end, like the deadline watches of the newest
 * tickets) would stall every DROP DATABASE on the server — other users' included — until it ends.
 */
export class CopyWriter {
  rows = 0;
  private chunk: string[] = [];
  private stream: Writable | null = null;
  private pressure: Promise<void> | null = null;

  constructor(
    private readonly sql: postgres.Sql,
    readonly table: string,
    private readonly columns: readonly string[],
  ) {}

  add(values: RowValues): void {
    this.chunk.push(values.map(encode).join("\t") + "\n");
    this.rows++;
  }

  /** Sends the rows added since the last flush, opening the COPY with the first ones. */
  async flush(): Promise<void> {
    if (!this.chunk.length) return;
    this.stream ??= await this.sql.unsafe(`copy ${this.table} (${this.columns.join(", ")}) from stdin`).writable();
    const stream = this.stream;
    const ok = stream.write(this.chunk.join(""));
    this.chunk = [];
    if (!ok && !this.pressure) this.pressure = new Promise((resolve) => stream.once("drain", () => ((this.pressure = null), resolve())));
  }

  /** Resolves once the server has caught up with what was written. */
  drained(): Promise<void> {
    return this.pressure ?? Promise.resolve();
  }

  async close(): Promise<void> {
    await this.flush();
    await this.drained();
    const stream = this.stream;
    if (!stream) return;
    await new Promise<void>((resolve, reject) => {
      stream.once("error", reject);
      stream.end(resolve);
    });
  }
}
