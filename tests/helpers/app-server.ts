import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createScratchPostgresDatabase, type Engine } from "./databases";

/**
 * Runs the real server (`server/main.ts` on the production build, as `npm start` does) in a
 * child process on a free port, with its own data directory or scratch PostgreSQL database.
 */
export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  /** Everything the process printed so far. */
  output(): string;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

export interface ServerOptions {
  dataDir?: string;
  databaseUrl?: string;
  env?: Record<string, string>;
}

export function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "hotline-data-"));
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    DATABASE_URL: options.databaseUrl,
    // Vitest sets NODE_ENV=test; the server under test runs as `npm start` does.
    NODE_ENV: undefined,
    LOG_LEVEL: "info",
    // Background jobs run on a one-minute cron; tests that need them start them (workers/*.test.ts).
    WORKERS: "off",
    // Tests count their own tickets; `npm start` seeds demo tickets into a new database.
    DEMO_TICKETS: "false",
    ...options.env,
  };
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["server/main.ts"], {
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start within 60 s:\n${output}`));
    }, 60_000);
    const onData = () => {
      const match = /"message":"listening","url":"(http:\/\/[^"]+)"/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      resolve({
        baseUrl: match[1]!,
        dataDir,
        output: () => output,
        stop: () => stopChild(child, exited),
      });
    };
    child.stdout!.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new ServerExitedError(code, output));
    });
  });
}

export class ServerExitedError extends Error {
  constructor(
    readonly code: number | null,
    readonly output: string,
  ) {
    super(`server exited with code ${code} before listening:\n${output}`);
  }
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>) {
  if (child.exitCode === null) child.kill("SIGTERM");
  return exited;
}

/** A server on the given engine; for PostgreSQL a scratch database that is dropped on stop. */
export async function startServerOn(engine: Engine, env?: Record<string, string>): Promise<RunningServer> {
  if (engine === "pglite") return startServer({ env });
  const scratch = await createScratchPostgresDatabase();
  const server = await startServer({ databaseUrl: scratch.url, env });
  return {
    ...server,
    async stop() {
      const code = await server.stop();
      await scratch.drop();
      return code;
    },
  };
}
