import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface ServerProcess {
  baseUrl: string;
  /** Everything the process printed so far (stdout and stderr), for counting log lines. */
  output(): string;
  /** The exit code or signal once it has exited on its own or been killed, else null. */
  exited(): string | null;
  /** SIGKILL, and wait until it is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (graceful shutdown), and wait until it is gone. */
  stop(): Promise<void>;
}

/**
 * The real server as bench/lib/app-process.ts starts it, but run as `node --import tsx` so that
 * the child is the server itself (the tsx CLI would put a supervisor process in between, and a
 * SIGKILL to it would orphan the server), on a port chosen by the caller so a restarted server
 * answers at the same address, and watched for exiting on its own (a crash is a finding).
 */
export function startServer(port: number, env: Record<string, string>): Promise<ServerProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "fault-app-"));
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "info", NODE_ENV: "development", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let exit: string | null = null;
  // A run that dies half-way must not leave servers behind.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const gone = new Promise<void>((resolve) =>
    child.on("exit", (code, signal) => {
      exit = signal ?? String(code);
      process.off("exit", killOnExit);
      rmSync(dataDir, { recursive: true, force: true });
      resolve();
    }),
  );
  const collect = (chunk: Buffer) => void (output += chunk.toString());
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const handle: ServerProcess = {
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    exited: () => exit,
    async kill9() {
      child.kill("SIGKILL");
      await gone;
    },
    async stop() {
      if (exit === null) child.kill("SIGTERM");
      await gone;
    },
  };
  return new Promise((resolve, reject) => {
    const ready = () => {
      if (output.includes('"message":"listening"')) {
        child.stdout!.off("data", ready);
        resolve(handle);
      }
    };
    child.stdout!.on("data", ready);
    void gone.then(() => reject(new Error(`server exited (${exit}) before listening:\n${output.slice(-4000)}`)));
  });
}
