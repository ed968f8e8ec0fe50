import { bootServices, surviveDatabaseDriverCrashes } from "~/server/boot";
import { ConfigError, loadConfig } from "~/server/config";
import { createLogger } from "~/server/logger";
import { startWorkers } from "./runtime";

/**
 * `npm run workers`: background jobs in a process of their own, on PostgreSQL. Run as many as
 * wanted; pg-boss gives each job to one of them. On PGlite the web process runs them instead,
 * because only one process may open a PGlite data directory.
 */
async function main() {
  const config = loadConfig(process.env);
  if (config.database.engine !== "postgres") {
    throw new ConfigError([
      "DATABASE_URL: separate worker processes need PostgreSQL. With the embedded database (PGlite) the web process runs the workers itself (npm start).",
    ]);
  }
  const logger = createLogger(config.logLevel);
  const services = await bootServices(config, logger);
  surviveDatabaseDriverCrashes(services);
  const workers = await startWorkers(services);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("workers stopping", { signal });
    await workers.stop();
    await services.database.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  process.stderr.write(`\n${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n\n`);
  process.exit(1);
});
