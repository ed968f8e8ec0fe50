import type { Server } from "node:http";
import path from "node:path";
import { existsSync } from "node:fs";
import { DataDirectoryInUseError } from "~/db/pglite-lock";
import { attachmentsDirectory, probeAttachmentStore } from "./attachment-store";
import { bootServices, surviveDatabaseDriverCrashes } from "./boot";
import { ConfigError, loadConfig } from "./config";
import { type BuildSource, createHttpApp } from "./http-app";
import { createLogger } from "./logger";
import { loadSegmenter } from "~/search/analysis";
import { startWorkers } from "~/workers/runtime";

/** The web process: `npm start` (built app) or `npm run dev` (Vite with hot reload). */
async function main() {
  const dev = process.argv.includes("--dev");
  const config = loadConfig(process.env);
  if (!dev) {
    // React, Express and others read NODE_ENV as "optimised build, no development checks". A
    // built app gets that whatever the installation, the demo included (remix-serve does the
    // same); whether this is a production installation (demo accounts, simulator) was decided
    // just above from the NODE_ENV the operator set. Nothing has loaded React yet: the build,
    // imported below, is what does.
    process.env.NODE_ENV = "production";
  }
  const logger = createLogger(config.logLevel);
  const buildDir = path.resolve(config.buildDir);
  if (!dev && !existsSync(path.join(buildDir, "server", "index.js"))) {
    throw new StartupError("The app is not built yet: run `npm run build` first (npm start does this for you).");
  }

  const services = await bootServices(config, logger);
  surviveDatabaseDriverCrashes(services);
  // Not fatal: everything but uploads works, and a citizen's report is still taken without its file.
  const storageProblem = await probeAttachmentStore(attachmentsDirectory(config.dataDir));
  if (storageProblem) logger.warn("attachment storage is not writable", { directory: path.resolve(attachmentsDirectory(config.dataDir)), error: storageProblem });
  const workers = config.workers === "embedded" ? await startWorkers(services) : null;
  let source: BuildSource;
  if (dev) {
    const { createServer } = await import("vite");
    source = { mode: "development", vite: await createServer({ server: { middlewareMode: true } }) };
  } else {
    source = { mode: "production", buildDir };
  }
  // Otherwise the first search or dispatch suggestion would hold up every request for ~0.3 s.
  loadSegmenter();
  const app = await createHttpApp(services, source);
  const server: Server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    logger.info("listening", { url: `http://${config.host}:${port}`, publicUrl: config.publicUrl.href, mode: source.mode });
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    // Stop taking connections, let requests in flight finish, then close the database.
    const forced = setTimeout(() => server.closeAllConnections(), 10_000);
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    clearTimeout(forced);
    if (source.mode === "development") await source.vite.close();
    await workers?.stop();
    await services.database.close();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

class StartupError extends Error {}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirectoryInUseError || error instanceof StartupError) {
    process.stderr.write(`\n${error.message}\n\n`);
  } else {
    process.stderr.write(`\nThe server could not start:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n\n`);
  }
  process.exit(1);
});
