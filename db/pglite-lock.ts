import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";

/**
 * PGlite allows one process per data directory: a second one silently corrupts it.
 * We guard the directory with an exclusive lock file that holds the owner's pid, and
 * take over a lock whose owner is no longer alive (left behind by a crash or kill -9).
 */
export class DataDirectoryInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `The data directory ${dataDir} is already in use by process ${ownerPid}. ` +
        `Only one process may open an embedded (PGlite) database: stop that process first, ` +
        `or set DATA_DIR to another directory, or set DATABASE_URL to use PostgreSQL.`,
    );
    this.name = "DataDirectoryInUseError";
  }
}

/** The pid of a live process holding the directory, or null when it is free (or the lock is stale). */
export function liveLockOwner(dataDir: string): number | null {
  const owner = readOwner(path.join(dataDir, "pglite.lock"));
  return owner !== null && owner !== process.pid && isAlive(owner) ? owner : null;
}

export interface DirectoryLock {
  release(): void;
}

export function lockDataDirectory(dataDir: string): DirectoryLock {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, "pglite.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => releaseIfOwned(lockPath) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = readOwner(lockPath);
      if (owner !== null && owner !== process.pid && isAlive(owner)) {
        throw new DataDirectoryInUseError(dataDir, owner);
      }
      // Stale lock from a dead process (or our own from an earlier open): remove and retry once.
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${lockPath}`);
}

function readOwner(lockPath: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function releaseIfOwned(lockPath: string) {
  if (readOwner(lockPath) === process.pid) rmSync(lockPath, { force: true });
}
