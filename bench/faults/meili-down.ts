import { createServer, type Socket } from "node:net";
import { latencySummary, ms, type BenchRow } from "../lib/measure";
import { prepareDatabase } from "./database";
import { n } from "./format";
import { importSharedArticles, sharedQuestions } from "./knowledge-data";
import { freePort } from "./ports";
import type { PrivatePostgres } from "./private-postgres";
import { startAppProcess } from "../lib/app-process";

const QUESTIONS = 100;
const CONCURRENCY = 4;

interface SearchTally {
  status: Map<string, number>;
  backends: Map<string, number>;
  latencies: number[];
}

/**
 * Fault 3: Meilisearch configured but unreachable. Two ways: a closed port (connection refused
 * at once) and a port that accepts connections and never answers (a hung host: the client's
 * timeout decides). Knowledge search must still answer, from Postgres, without a 5xx. Baseline:
 * the same questions to a server configured with Postgres search only.
 */
export async function meilisearchUnreachable(cluster: PrivatePostgres): Promise<BenchRow[]> {
  const url = await prepareDatabase(cluster, "fault_meili");
  const articles = await importSharedArticles(url);
  const questions = sharedQuestions(QUESTIONS);
  const env = { DATABASE_URL: url, WORKERS: "embedded", DEMO_TICKETS: "false" };

  const baseline = await searchWith(env, questions);
  const closed = await searchWith({ ...env, MEILI_HOST: `http://127.0.0.1:${await freePort()}`, MEILI_API_KEY: "fault-run-master-key" }, questions);
  const silent = await silentListener();
  const hung = await searchWith({ ...env, MEILI_HOST: `http://127.0.0.1:${silent.port}`, MEILI_API_KEY: "fault-run-master-key" }, questions).finally(() =>
    silent.close(),
  );

  const baselineText = `Postgres search only: ${latencyText(baseline)}`;
  const row = (how: string, tally: SearchTally): BenchRow => {
    const fromPostgres = tally.backends.get("postgres") ?? 0;
    const serverErrors = [...tally.status].filter(([s]) => !s.startsWith("2")).reduce((sum, [, c]) => sum + c, 0);
    return {
      measure: `Meilisearch unreachable (${how}): GET /api/kb/search, ${n(questions.length)} questions, ${articles} articles`,
      result: `${n(fromPostgres)}/${n(questions.length)} answered from postgres, ${serverErrors} not 200; ${latencyText(tally)}`,
      baseline: baselineText,
      target: "all answered from postgres, no 5xx",
      met: fromPostgres === questions.length && serverErrors === 0,
    };
  };
  return [row("closed port", closed), row("port accepts, never answers", hung)];
}

function latencyText(tally: SearchTally): string {
  const { p50, p95, p99 } = latencySummary(tally.latencies);
  return `p50 ${ms(p50)}, p95 ${ms(p95)}, p99 ${ms(p99)}`;
}

/** Starts a server with `env`, asks every question (CONCURRENCY at a time, anonymously), stops it. */
async function searchWith(env: Record<string, string>, questions: readonly string[]): Promise<SearchTally> {
  const server = await startAppProcess(env, await freePort());
  const tally: SearchTally = { status: new Map(), backends: new Map(), latencies: [] };
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  try {
    const queue = [...questions];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let q = queue.shift(); q !== undefined; q = queue.shift()) {
          const started = performance.now();
          const response = await fetch(`${server.baseUrl}/api/kb/search?q=${encodeURIComponent(q)}`, { signal: AbortSignal.timeout(30_000) });
          const body = (await response.json().catch(() => ({}))) as { backend?: string };
          tally.latencies.push(performance.now() - started);
          bump(tally.status, String(response.status));
          bump(tally.backends, body.backend ?? "none");
        }
      }),
    );
    return tally;
  } finally {
    await server.stop();
  }
}

/** A loopback port that accepts TCP connections and never says anything: a hung Meilisearch. */
function silentListener(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({
        port: typeof address === "object" && address ? address.port : 0,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    }),
  );
}
