import { randomBytes } from "node:crypto";
import { openDatabase, type DatabaseHandle } from "~/db/client";
import { migrateDatabase } from "~/db/migrate";
import { postgresClient } from "~/db/postgres-client";
import { BENCH_SERVER_URL, benchDatabaseUrl } from "./server-url";

/**
 * A throw-away PostgreSQL database for one benchmark run, created on the benchmarks' server
 * (BENCH_SERVER_URL) and dropped afterwards.
 */
export async function scratchPostgres(maxConnections = 4): Promise<{ url: string; handle: DatabaseHandle; drop(): Promise<void> }> {
  const name = `hotline_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgresClient(BENCH_SERVER_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = benchDatabaseUrl(name);
  const handle = await openDatabase({ engine: "postgres", url, maxConnections });
  await migrateDatabase(handle);
  return {
    url,
    handle,
    async drop() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
