import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

// The Remix Vite plugin is deliberately absent: it is for the app build, not for tests.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{app,db,domain,server,telephony,search,workers}/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // Whole-app tests: real server processes over HTTP, and pages in a real browser.
          name: "app",
          include: ["tests/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/helpers/build-once.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
