import { sql } from "drizzle-orm";
import { isPostgresDriverWriteCrash, openDatabase } from "~/db/client";
import { migrateDatabase } from "~/db/migrate";
import { systemClock, type Clock } from "~/domain/clock";
import { seedOnFirstStart } from "~/domain/setup/seed";
import { createSearchServices } from "~/search/create";
import { postgresArticleIndexer } from "~/search/postgres/index-writer";
import { createTelephonyServices } from "~/telephony/services";
import { attachmentsDirectory, createDiskAttachmentStore } from "./attachment-store";
import { createAuth } from "./auth";
import type { Config } from "./config";
import type { Logger } from "./logger";
import type { AppServices } from "./services";

/**
 * Opens and prepares the database and builds the services. Shared by the web server and
 * command-line scripts so that both see the same migrated, seeded database.
 */
export async function bootServices(config: Config, logger: Logger, clock: Clock = systemClock): Promise<AppServices> {
  const database = await openDatabase(config.database);
  try {
    await migrateDatabase(database);
    const seed = await seedOnFirstStart(database, clock, {
      withDemoAccounts: !config.production,
      withDemoTickets: config.demoTickets,
      articleIndexer: postgresArticleIndexer,
    });
    if (seed.ran.length) logger.info("seeded the database", { steps: seed.ran, demoAccounts: !config.production });
    // PGlite runs no autovacuum, so it gathers no planner statistics by itself; without them the
    // planner tested every article's search vector instead of reading the GIN index (ADR 0005).
    // PostgreSQL's autovacuum keeps its own.
    if (database.engine === "pglite") await database.db.execute(sql`analyze`);
  } catch (error) {
    await database.close();
    throw error;
  }
  logger.info("database ready", { engine: database.engine, location: database.location });
  const auth = createAuth(database.db, { secureCookies: config.secureCookies, sessionTtlHours: config.sessionTtlHours });
  const attachments = createDiskAttachmentStore(attachmentsDirectory(config.dataDir));
  const search = await createSearchServices(database.db, config.search, logger);
  const telephony = await createTelephonyServices(config.telephony, config.publicUrl, database.db, clock);
  if (config.telephony.problem) logger.warn(config.telephony.problem);
  return { config, database, db: database.db, auth, clock, logger, attachments, search, telephony };
}

/**
 * For long-running processes (web, workers), not scripts or tests: survives the one known
 * postgres.js fault that escapes every try/catch (see isPostgresDriverWriteCrash) by renewing the
 * connection pool. Any other uncaught exception ends the process as Node would, after a log line.
 */
export function surviveDatabaseDriverCrashes(services: AppServices): void {
  process.on("uncaughtException", (error) => {
    if (isPostgresDriverWriteCrash(error) && services.database.renewPool) {
      services.logger.error("database connection lost mid-write; connection pool renewed", { error: error.message });
      services.database.renewPool();
      return;
    }
    services.logger.error("uncaught exception", { error });
    process.stderr.write(`\n${error.stack ?? String(error)}\n\n`);
    process.exit(1);
  });
}
