import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * The real server (`tsx server/main.ts`, serving the existing build) in a child process on a free
 * port: embedded PGlite in a temporary directory, or the database `env.DATABASE_URL` names.
 */
export function startAppProcess(env: Record<string, string> = {}): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "bench-app-"));
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["server/main.ts"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "info", NODE_ENV: "development", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    child.on("exit", (code) => reject(new Error(`server exited (${code}):\n${output}`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"message":"listening","url":"(http:\/\/[^"]+)"/.exec(output);
      if (match)
        resolve({
          baseUrl: match[1]!,
          stop: () =>
            new Promise<void>((done) => {
              child.removeAllListeners("exit");
              child.on("exit", () => {
                rmSync(dataDir, { recursive: true, force: true });
                done();
              });
              child.kill("SIGTERM");
            }),
        });
    });
  });
}
