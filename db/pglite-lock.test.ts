import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DataDirectoryInUseError, lockDataDirectory } from "./pglite-lock";

describe("PGlite data directory lock", () => {
  it("makes a second process fail fast with a clear message, and frees the directory on release", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hotline-lock-"));
    const lock = lockDataDirectory(dir);
    const script = `import("${path.resolve("db/pglite-lock.ts")}").then(m => { try { m.lockDataDirectory(${JSON.stringify(dir)}); console.log("LOCKED"); } catch (e) { console.log(e.message); process.exit(3); } })`;
    const second = spawnSync("npx", ["tsx", "-e", script], { encoding: "utf8" });
    expect(second.status).toBe(3);
    expect(second.stdout).toContain(`already in use by process ${process.pid}`);
    lock.release();
    expect(existsSync(path.join(dir, "pglite.lock"))).toBe(false);
    const third = spawnSync("npx", ["tsx", "-e", script], { encoding: "utf8" });
    expect(third.stdout).toContain("LOCKED");
  });

  it("takes over a lock left behind by a dead process", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hotline-lock-"));
    const dead = spawnSync("node", ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    writeFileSync(path.join(dir, "pglite.lock"), dead.stdout);
    const lock = lockDataDirectory(dir);
    expect(readFileSync(path.join(dir, "pglite.lock"), "utf8")).toBe(String(process.pid));
    lock.release();
  });

  it("refuses a lock held by another live process", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hotline-lock-"));
    // pid 1 is always alive.
    writeFileSync(path.join(dir, "pglite.lock"), "1");
    expect(() => lockDataDirectory(dir)).toThrow(DataDirectoryInUseError);
  });
});
