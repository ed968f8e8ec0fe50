import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { type Database, openDatabase, queryRows } from "~/db/client";
import { migrateDatabase } from "~/db/migrate";
import { articles } from "~/db/schema";
import { systemClock } from "~/domain/clock";
import { importArticle, ImportLineError, parseImportLine } from "~/domain/knowledge/import";
import { seedOnFirstStart } from "~/domain/setup/seed";
import { QUERY_STOP_WORDS, words } from "~/search/analysis";
import { createSearchServices } from "~/search/create";
import { postgresArticleIndexer } from "~/search/postgres/index-writer";
import { reindexAll } from "~/search/reindex";
import { createLogger } from "~/server/logger";
import { startAppProcess } from "./lib/app-process";
import { type BenchOptions, type BenchRow, latencySummary, ms } from "./lib/measure";
import { scratchPostgres } from "./lib/scratch-postgres";

/**
 * Knowledge-base search latency, the shared dev questions one at a time.
 * - Quick mode: the 2,059 shared articles imported into embedded PGlite, the real server
 *   answering GET /api/kb/search (anonymous).
 * - Full mode adds PostgreSQL with `--articles=N` (default 100,000) generated articles: the shared
 *   articles recombined (title of one, body of another plus sentences of a third), indexed by the
 *   same code, queried in-process through the search backend.
 * Baseline in the same run, on the same database: a bare full-text query of the same words
 * (`to_tsquery` of the question's words ORed, the GIN index, the first 10 matches, no ranking),
 * what PostgreSQL takes to find matching articles at all.
 * Data is read from ../shared/data/kb (never copied into the repository).
 */
const DATA = path.resolve("../shared/data/kb");
const TARGET_MS = 50;
const quiet = createLogger("error", () => {});

function readJsonLines(file: string): string[] {
  return readFileSync(path.join(DATA, file), "utf8")
    .split("\n")
    .filter((l) => l.trim());
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

/** The baseline: the question's words (question words left out), ORed, matched by the GIN index. */
function bareFullText(db: Database) {
  return (question: string) => {
    const terms = [...new Set(words(question).filter((w) => !QUERY_STOP_WORDS.has(w)))];
    if (!terms.length) return Promise.resolve([]);
    const query = terms.map((t) => `'${t.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`).join(" | ");
    return queryRows(db, sql`select id from ${articles} where search_vector @@ to_tsquery('simple', ${query}) limit 10`);
  };
}

async function importShared(db: Database, lines: readonly string[]) {
  const ctx = { db, clock: systemClock, actor: { id: null, label: "bench", ip: null }, indexer: postgresArticleIndexer };
  for (const line of lines) {
    try {
      await importArticle(ctx, parseImportLine(line));
    } catch (error) {
      // As `npm run kb:import` does: a bad line is skipped.
      if (!(error instanceof ImportLineError)) throw error;
    }
  }
}

async function embedded(articleLines: readonly string[], questions: readonly string[]) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "bench-kb-"));
  try {
    const handle = await openDatabase({ engine: "pglite", dataDir });
    let baseline: number[];
    try {
      await migrateDatabase(handle);
      await seedOnFirstStart(handle, systemClock, { withDemoAccounts: false });
      process.stderr.write(`importing ${articleLines.length} articles into PGlite …\n`);
      await importShared(handle.db, articleLines);
      const bare = bareFullText(handle.db);
      await timeEach(questions, bare); // warm-up round
      baseline = await timeEach(questions, bare);
    } finally {
      // One process per data directory: the server opens it next.
      await handle.close();
    }
    const app = await startAppProcess({ DATA_DIR: dataDir, WORKERS: "off", DATABASE_URL: "" });
    try {
      const search = (q: string) => fetch(`${app.baseUrl}/api/kb/search?q=${encodeURIComponent(q)}&limit=10`).then((r) => r.arrayBuffer());
      await timeEach(questions, search); // warm-up round
      return { measured: await timeEach(questions, search), baseline };
    } finally {
      await app.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function generatedOnPostgres(count: number, articleLines: readonly string[], questions: readonly string[]) {
  const scratch = await scratchPostgres();
  try {
    const { db } = scratch.handle;
    await seedOnFirstStart(scratch.handle, systemClock, { withDemoAccounts: false });
    const source = articleLines.map((l) => JSON.parse(l) as { title?: string; body: string; department?: string });
    const sentences = (body: string) => body.split(/(?<=[。！？])/).filter(Boolean);
    process.stderr.write(`generating ${count.toLocaleString("en-US")} articles …\n`);
    const now = new Date();
    for (let start = 0; start < count; start += 1000) {
      const rows = [];
      for (let i = start; i < Math.min(count, start + 1000); i++) {
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
      if (done % 10_000 === 0 || done === total) process.stderr.write(`indexed ${done.toLocaleString("en-US")} / ${total.toLocaleString("en-US")}\n`);
    });
    const indexMs = Date.now() - indexStart;
    // Reindexing rewrote every row: let the planner and the visibility map see the table as
    // autovacuum would leave it, rather than measure whenever autovacuum happens to run.
    await db.execute(sql`vacuum analyze articles`);
    const search = (q: string) => services.search.search({ q, audience: "public", filters: {}, limit: 10, offset: 0 });
    const bare = bareFullText(db);
    await timeEach(questions.slice(0, 50), search); // warm-up: plans, character statistics
    await timeEach(questions.slice(0, 50), bare);
    return { measured: await timeEach(questions, search), baseline: await timeEach(questions, bare), indexMs };
  } finally {
    await scratch.drop();
  }
}

export async function run(options: BenchOptions): Promise<BenchRow[]> {
  const articleLines = readJsonLines("articles.jsonl");
  const questions = readJsonLines("queries-dev.jsonl").map((l) => (JSON.parse(l) as { q: string }).q);
  const perQuestion = `${questions.length.toLocaleString("en-US")} dev questions one at a time`;
  const rows: BenchRow[] = [];

  const small = await embedded(articleLines, questions);
  const smallP95 = latencySummary(small.measured).p95;
  rows.push({
    measure: `knowledge search p95 (${articleLines.length.toLocaleString("en-US")} articles)`,
    result: `${ms(smallP95)} (GET /api/kb/search, embedded PGlite, ${perQuestion}; p50 ${ms(latencySummary(small.measured).p50)})`,
    baseline: `bare to_tsquery + GIN, same words, in-process: p95 ${ms(latencySummary(small.baseline).p95)}`,
    target: `p95 ≤ ${TARGET_MS} ms`,
    met: smallP95 <= TARGET_MS,
  });

  if (options.full) {
    const count = Number(options.args.articles ?? 100_000);
    const large = await generatedOnPostgres(count, articleLines, questions);
    rows.push({
      measure: `knowledge search p95 (${count.toLocaleString("en-US")} articles)`,
      result: `${ms(latencySummary(large.measured).p95)} (search backend in-process, PostgreSQL, generated articles, ${perQuestion}; p50 ${ms(latencySummary(large.measured).p50)}; indexing ${(large.indexMs / 1000).toFixed(0)} s)`,
      baseline: `bare to_tsquery + GIN, same words: p95 ${ms(latencySummary(large.baseline).p95)}`,
      target: "",
      met: null,
    });
  }
  return rows;
}
