import { readFileSync, mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "~/db/client";
import { articles } from "~/db/schema";
import { migrateDatabase } from "~/db/migrate";
import { systemClock } from "~/domain/clock";
import { importArticle, ImportLineError, parseImportLine } from "~/domain/knowledge/import";
import { seedOnFirstStart } from "~/domain/setup/seed";
import { createSearchServices } from "~/search/create";
import { postgresArticleIndexer } from "~/search/postgres/index-writer";
import { reindexAll } from "~/search/reindex";
import { createLogger } from "~/server/logger";
import { startAppProcess } from "./lib/app-process";
import { scratchPostgres } from "./lib/scratch-postgres";
import { machineLine, markdownTable } from "./lib/table";

/**
 * `npm run bench:kb [-- --articles=100000]`: knowledge-base search latency.
 * 1. Embedded (PGlite): the 2,059 shared articles imported, the real server answering
 *    GET /api/kb/search for the 400 shared dev questions (anonymous), one at a time; baseline in the
 *    same run: a bare node:http server answering a fixed JSON body to the same client.
 * 2. PostgreSQL with N generated articles (default 100,000): the shared articles recombined
 *    (title of one, body of another plus sentences of a third), indexed by the same code, queried
 *    in-process through the search backend.
 * Data is read from ../shared/data/kb (never copied into the repository).
 */
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const generated = Number(args.articles ?? 100_000);
const DATA = path.resolve("../shared/data/kb");
const articleLines = readFileSync(path.join(DATA, "articles.jsonl"), "utf8").split("\n").filter((l) => l.trim());
const questions = readFileSync(path.join(DATA, "queries-dev.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => (JSON.parse(l) as { q: string }).q);
const quiet = createLogger("error", () => {});

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1);
  return [at(0.5), at(0.95), at(0.99)];
}

async function timeEach<T>(items: readonly T[], run: (item: T) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (const item of items) {
    const t0 = performance.now();
    await run(item);
    samples.push(performance.now() - t0);
  }
  return samples;
}

async function importShared(db: Database) {
  const ctx = { db, clock: systemClock, actor: { id: null, label: "bench", ip: null }, indexer: postgresArticleIndexer };
  let skipped = 0;
  for (const line of articleLines) {
    try {
      await importArticle(ctx, parseImportLine(line));
    } catch (error) {
      // As `npm run kb:import` does: a bad line is reported and skipped.
      if (!(error instanceof ImportLineError)) throw error;
      skipped += 1;
    }
  }
  if (skipped) process.stderr.write(`${skipped} article line(s) skipped as invalid, as kb:import would\n`);
}

async function embedded() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "bench-kb-"));
  const handle = await openDatabase({ engine: "pglite", dataDir });
  await migrateDatabase(handle);
  await seedOnFirstStart(handle, systemClock, { withDemoAccounts: false });
  process.stderr.write(`importing ${articleLines.length} articles into PGlite …\n`);
  await importShared(handle.db);
  await handle.close();

  const bare = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"hits":[],"took_ms":0,"backend":"none"}'));
  await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
  const app = await startAppProcess({ DATA_DIR: dataDir, WORKERS: "off", DATABASE_URL: "" });
  try {
    const search = (q: string) => fetch(`${app.baseUrl}/api/kb/search?q=${encodeURIComponent(q)}&limit=10`).then((r) => r.arrayBuffer());
    await timeEach(questions, search); // warm-up round
    const http = await timeEach(questions, search);
    const baseline = await timeEach(questions, () => fetch(bareUrl).then((r) => r.arrayBuffer()));
    return { http, baseline };
  } finally {
    await app.stop();
    bare.close();
  }
}

async function generatedOnPostgres() {
  const scratch = await scratchPostgres();
  try {
    const { db } = scratch.handle;
    await seedOnFirstStart(scratch.handle, systemClock, { withDemoAccounts: false });
    const source = articleLines.map((l) => JSON.parse(l) as { title?: string; body: string; department?: string });
    const sentences = (body: string) => body.split(/(?<=[。！？])/).filter(Boolean);
    process.stderr.write(`generating ${generated.toLocaleString()} articles …\n`);
    const now = new Date();
    for (let start = 0; start < generated; start += 1000) {
      const rows = [];
      for (let i = start; i < Math.min(generated, start + 1000); i++) {
        const a = source[i % source.length]!;
        const b = source[(i * 7 + 3) % source.length]!;
        const c = source[(i * 13 + 5) % source.length]!;
        rows.push({
          externalId: `gen-${i}`,
          type: "faq" as const,
          title: `${(a.title ?? sentences(a.body)[0] ?? "").slice(0, 60)}（${i}）`,
          body: [...sentences(b.body).slice(0, 6), ...sentences(c.body).slice(0, 3)].join(""),
          departmentName: a.department ?? null,
          visibility: "public" as const,
          status: "published" as const,
          createdAt: now,
          updatedAt: now,
          publishedAt: now,
        });
      }
      await db.insert(articles).values(rows);
    }
    const services = await createSearchServices(db, { meilisearch: null }, quiet);
    const indexStart = Date.now();
    await reindexAll(db, services.postgres, (done, total) => {
      if (done % 10_000 === 0 || done === total) process.stderr.write(`indexed ${done.toLocaleString()} / ${total.toLocaleString()}\n`);
    });
    const indexMs = Date.now() - indexStart;
    const search = (q: string) => services.search.search({ q, audience: "public", filters: {}, limit: 10, offset: 0 });
    await timeEach(questions.slice(0, 50), search);
    return { inProcess: await timeEach(questions, search), indexMs };
  } finally {
    await scratch.drop();
  }
}

const first = await embedded();
const second = generated > 0 ? await generatedOnPostgres() : null;
console.log(`Knowledge-base search, ${questions.length} dev questions, one at a time (${machineLine()})\n`);
console.log(
  markdownTable(
    ["target", "p50 ms", "p95 ms", "p99 ms"],
    [
      ["baseline: bare node:http, fixed JSON (same client)", ...summary(first.baseline)],
      [`GET /api/kb/search, embedded PGlite, ${articleLines.length.toLocaleString()} articles`, ...summary(first.http)],
      ...(second ? [[`search backend in-process, PostgreSQL, ${generated.toLocaleString()} generated articles`, ...summary(second.inProcess)]] : []),
    ],
  ),
);
if (second) console.log(`\nIndexing the ${generated.toLocaleString()} generated articles (jieba + tsvector + statistics): ${(second.indexMs / 1000).toFixed(0)} s.`);
