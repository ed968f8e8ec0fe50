import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, type DatabaseHandle } from "~/db/client";
import { migrateDatabase } from "~/db/migrate";

/**
 * A throw-away PostgreSQL database for one benchmark run, created beside the one DATABASE_URL
 * names (default: the local server) and dropped afterwards.
 */
export async function scratchPostgres(maxConnections = 4): Promise<{ url: string; handle: DatabaseHandle; drop(): Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  const name = `hotline_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(base.href, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(base.href);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ engine: "postgres", url: url.href, maxConnections });
  await migrateDatabase(handle);
  return {
    url: url.href,
    handle,
    async drop() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
