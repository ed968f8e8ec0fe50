import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { SearchBackend } from "../backend";
import { bootSearchScript, runScript } from "./boot";
import { progressBar } from "./progress";

/**
 *   npm run search:eval -- QUERIES.jsonl
 * Lines `{q, expect}` (expect = an article's externalId). Prints Recall@1, @5, @10 and MRR@10
 * for every configured backend (staff audience, published articles), the Postgres backend last:
 * the last line, `recall@1=… recall@5=… mrr=…`, is the Postgres backend's.
 */
export interface EvalResult {
  backend: string;
  queries: number;
  recall1: number;
  recall5: number;
  recall10: number;
  mrr: number;
  p50Ms: number;
  p95Ms: number;
}

export async function evaluate(backend: SearchBackend, queries: { q: string; expect: string }[], onQuery: () => void = () => {}): Promise<EvalResult> {
  let r1 = 0;
  let r5 = 0;
  let r10 = 0;
  let mrr = 0;
  const times: number[] = [];
  for (const { q, expect } of queries) {
    const started = performance.now();
    const result = await backend.search({ q, audience: "staff", limit: 10 });
    times.push(performance.now() - started);
    const rank = result.hits.findIndex((h) => h.externalId === expect) + 1;
    if (rank === 1) r1 += 1;
    if (rank >= 1 && rank <= 5) r5 += 1;
    if (rank >= 1 && rank <= 10) {
      r10 += 1;
      mrr += 1 / rank;
    }
    onQuery();
  }
  times.sort((a, b) => a - b);
  const n = queries.length || 1;
  const pct = (p: number) => Math.round((times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0) * 10) / 10;
  return { backend: backend.name, queries: queries.length, recall1: r1 / n, recall5: r5 / n, recall10: r10 / n, mrr: mrr / n, p50Ms: pct(0.5), p95Ms: pct(0.95) };
}

runScript(async () => {
  const file = process.argv.slice(2).find((a) => !a.startsWith("--"));
  if (!file) {
    process.stderr.write("usage: npm run search:eval -- QUERIES.jsonl\n");
    process.exit(2);
  }
  const queries: { q: string; expect: string }[] = [];
  let lineNo = 0;
  for await (const line of createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity })) {
    lineNo += 1;
    if (!line.trim()) continue;
    try {
      const parsed = JSON.parse(line) as { q?: unknown; expect?: unknown };
      if (typeof parsed.q !== "string" || typeof parsed.expect !== "string") throw new Error("needs q and expect strings");
      queries.push({ q: parsed.q, expect: parsed.expect });
    } catch (error) {
      process.stderr.write(`line ${lineNo}: skipped (${error instanceof Error ? error.message : String(error)})\n`);
    }
  }
  const { search, close } = await bootSearchScript();
  try {
    const fmt = (x: number) => x.toFixed(2);
    for (const backend of search.all) {
      const bar = progressBar(`evaluating ${backend.name}`, queries.length);
      let result: EvalResult;
      try {
        result = await evaluate(backend, queries, () => bar.tick());
      } catch (error) {
        bar.done();
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : null;
        process.stdout.write(`${backend.name}: not available (${cause ?? (error instanceof Error ? error.message.split("\n")[0] : String(error))})\n`);
        continue;
      }
      bar.done();
      process.stdout.write(
        `${result.backend}: ${result.queries} queries  Recall@1 ${fmt(result.recall1)}  Recall@5 ${fmt(result.recall5)}  Recall@10 ${fmt(result.recall10)}  MRR ${fmt(result.mrr)}  (p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms)\n`,
      );
      if (backend === search.all.at(-1)) {
        process.stdout.write(`recall@1=${fmt(result.recall1)} recall@5=${fmt(result.recall5)} mrr=${fmt(result.mrr)}\n`);
      }
    }
  } finally {
    await close();
  }
});
