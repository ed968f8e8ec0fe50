import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface AppProcess {
  baseUrl: string;
  pid: number;
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
 * The real server (serving the existing build) in a child process: embedded PGlite in a
 * temporary directory, or the database `env.DATABASE_URL` names. Run as `node --import tsx` so
 * that the child is the server itself (the tsx CLI would put a supervisor in between, and a
 * SIGKILL to it would orphan the server). `port` 0 picks a free one; the fault runs pass a fixed
 * port so a restarted server answers at the same address.
 */
export function startAppProcess(env: Record<string, string> = {}, port = 0): Promise<AppProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "bench-app-"));
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
  return new Promise((resolve, reject) => {
    const ready = () => {
      const listening = /"message":"listening","url":"(http:\/\/[^"]+)"/.exec(output);
      if (!listening) return;
      child.stdout!.off("data", ready);
      resolve({
        baseUrl: listening[1]!,
        pid: child.pid!,
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
      });
    };
    child.stdout!.on("data", ready);
    void gone.then(() => reject(new Error(`server exited (${exit}) before listening:\n${output.slice(-4000)}`)));
  });
}
