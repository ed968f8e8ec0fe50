import { randomBytes } from "node:crypto";
import { postgresClient } from "~/db/postgres-client";
import { type DatabaseHandle, type DatabaseTarget, openDatabase } from "~/db/client";
import { migrateDatabase } from "~/db/migrate";

/**
 * The engines the database tests run on: always PGlite, and PostgreSQL when DATABASE_URL is
 * set (CI sets it). Each test file gets a fresh, migrated database of its own.
 */
export type Engine = DatabaseTarget["engine"];

export const testEngines: Engine[] = process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

/** A fresh empty PostgreSQL database on the DATABASE_URL server; returns its URL and a dropper. */
export async function createScratchPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("DATABASE_URL is not set");
  const name = `hotline_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = postgresClient(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = postgresClient(serverUrl, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

export interface TestDatabase extends DatabaseHandle {
  /** The scratch database's URL (PostgreSQL only), for tests that need a second connection or process. */
  url: string | null;
  /** Closes the connection and removes the scratch database. */
  dispose(): Promise<void>;
}

export async function openTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === "pglite") {
    const handle = await openDatabase({ engine: "pglite", dataDir: null });
    await migrateDatabase(handle);
    return { ...handle, url: null, dispose: () => handle.close() };
  }
  const scratch = await createScratchPostgresDatabase();
  const handle = await openDatabase({ engine: "postgres", url: scratch.url, maxConnections: 4 });
  await migrateDatabase(handle);
  return {
    ...handle,
    url: scratch.url,
    async dispose() {
      await handle.close();
      await scratch.drop();
    },
  };
}
