import { execFileSync } from "node:child_process";

/**
 * The app tests run the production build, exactly what `npm start` serves, so they build it
 * first (a few seconds). SKIP_BUILD=1 reuses an existing build, as CI does after its build step.
 */
export default function setup() {
  if (process.env.SKIP_BUILD === "1") return;
  execFileSync("npx", ["remix", "vite:build", "--logLevel", "warn"], { stdio: "inherit" });
}
