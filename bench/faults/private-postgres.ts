import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { chownSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { freePort } from "./ports";

const BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
/** initdb and postgres refuse to run as root; the cluster then belongs to this OS user. */
const SERVICE_USER = "postgres";

export interface PrivatePostgres {
  port: number;
  /** A URL for a new, empty database in this cluster. */
  createDatabase(name: string): Promise<string>;
  /** `pg_ctl restart`: fast (clean shutdown, connections cut) or immediate (crash, WAL recovery). */
  restart(mode: "fast" | "immediate"): Promise<void>;
  /** Stops the cluster and deletes its directory. */
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL cluster of our own for one fault run, in a temporary directory on a free loopback
 * port with trust authentication. Fault runs restart it; the machine's shared cluster (5432) is
 * never touched.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), "fault-pg-"));
  const asRoot = userInfo().uid === 0;
  if (asRoot) chownSync(dir, ...serviceUserIds());
  const log = path.join(dir, "tools.log");
  const pgctl = (...args: string[]) => asServiceUser(asRoot, log, path.join(BIN, "pg_ctl"), ["-D", path.join(dir, "data"), ...args]);
  const port = await freePort();
  await asServiceUser(asRoot, log, path.join(BIN, "initdb"), ["-D", path.join(dir, "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
  // Sockets in our own directory, TCP only on loopback; pg_ctl restart reuses these options.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
  await pgctl("-o", options, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "start");
  // If the run dies before destroy() (an exception, Ctrl-C), the cluster must not outlive it.
  const stopOnExit = () => {
    const [file, argv] = asRoot ? ["runuser", ["-u", SERVICE_USER, "--", path.join(BIN, "pg_ctl")]] : [path.join(BIN, "pg_ctl"), []];
    spawnSync(file, [...argv, "-D", path.join(dir, "data"), "-m", "immediate", "stop"], { stdio: "ignore" });
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", stopOnExit);
  const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    port,
    async createDatabase(name) {
      const client = postgres(admin, { max: 1, onnotice: () => {} });
      try {
        await client.unsafe(`create database ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async restart(mode) {
      await pgctl("-m", mode, "-w", "-t", "60", "restart");
    },
    async destroy() {
      process.off("exit", stopOnExit);
      await pgctl("-m", "immediate", "-w", "stop").catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The uid and gid of the service user, from /etc/passwd. */
function serviceUserIds(): [number, number] {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${SERVICE_USER}:`));
  if (!line) throw new Error(`OS user ${SERVICE_USER} not found: PostgreSQL cannot run as root without it`);
  const [, , uid, gid] = line.split(":");
  return [Number(uid), Number(gid)];
}

/**
 * Runs a PostgreSQL tool (as the service user when we are root) with its output appended to
 * `log`. Not through pipes: the postmaster that `pg_ctl start` leaves behind would inherit them
 * and keep them open, and the caller would wait for their end forever.
 */
async function asServiceUser(asRoot: boolean, log: string, command: string, args: string[]) {
  const [file, argv] = asRoot ? ["runuser", ["-u", SERVICE_USER, "--", command, ...args]] : [command, args];
  const fd = openSync(log, "a");
  try {
    const child = spawn(file, argv, { cwd: tmpdir(), stdio: ["ignore", fd, fd] });
    const [code] = (await once(child, "exit")) as [number | null];
    if (code !== 0) throw new Error(`${path.basename(command)} failed (${code}):\n${readFileSync(log, "utf8").slice(-2000)}`);
  } finally {
    closeSync(fd);
  }
}
