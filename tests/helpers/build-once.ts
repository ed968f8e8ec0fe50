import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";

/**
 * The app tests run the production build, exactly what `npm start` serves, so they build it
 * first (a few seconds) into a directory of their own, handed to the servers they start through
 * BUILD_DIR. SKIP_BUILD=1 reuses the existing `build/`, as CI does after its build step.
 */
export default function setup() {
  if (process.env.SKIP_BUILD === "1") return;
  // Inside the project, so the server bundle still resolves its packages from node_modules.
  mkdirSync(".test-builds", { recursive: true });
  const buildDir = mkdtempSync(path.resolve(".test-builds", "run-"));
  execFileSync("npx", ["remix", "vite:build", "--logLevel", "warn"], { stdio: "inherit", env: { ...process.env, BUILD_DIR: buildDir } });
  process.env.BUILD_DIR = buildDir;
  return () => rmSync(buildDir, { recursive: true, force: true });
}
