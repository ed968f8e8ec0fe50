// scratch (to be deleted)
import { readFileSync } from "node:fs";
import { bootSearchScript } from "./cli/boot";
import { createPostgresBackend, DEFAULT_RANKING, type RankingOptions } from "./postgres/backend";
const file = process.argv[2]!;
const qs = readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { q: string; expect: string });
const configs: Record<string, Partial<RankingOptions>> = JSON.parse(process.argv[3] ?? '{"base":{}}');
const { services, close } = await bootSearchScript();
for (const [name, cfg] of Object.entries(configs)) {
  const be = createPostgresBackend(services.db, { ...DEFAULT_RANKING, ...cfg, rerank: cfg.rerank === undefined ? DEFAULT_RANKING.rerank : cfg.rerank && { ...DEFAULT_RANKING.rerank!, ...cfg.rerank } });
  let r1 = 0, r5 = 0, r10 = 0, mrr = 0;
  const times: number[] = [];
  const miss: string[] = [];
  for (const { q, expect } of qs) {
    const t = performance.now();
    const res = await be.search({ q, audience: "staff", limit: 10 });
    times.push(performance.now() - t);
    const rank = res.hits.findIndex((h) => h.externalId === expect) + 1;
    if (rank === 1) r1++;
    if (rank >= 1 && rank <= 5) r5++;
    if (rank >= 1) { r10++; mrr += 1 / rank; }
    if (rank !== 1 && process.env.MISS) miss.push(`${rank}\t${q}\t${res.hits[0]?.title}`);
  }
  times.sort((a, b) => a - b);
  const n = qs.length;
  console.log(`${name}\tR1 ${(r1 / n).toFixed(3)} R5 ${(r5 / n).toFixed(3)} R10 ${(r10 / n).toFixed(3)} MRR ${(mrr / n).toFixed(3)} p95 ${times[Math.floor(0.95 * n)]!.toFixed(1)}`);
  if (miss.length) console.log(miss.join("\n"));
}
await close();
