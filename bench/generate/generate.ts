import { postgresClient } from "~/db/postgres-client";
import { benchDatabaseUrl } from "../lib/server-url";
import { createSeededDatabase, GENERATED_MARKER, readGeneratedMarker } from "./database";
import { dropDeferrable, restoreDeferred } from "./deferred-indexes";
import { alignCountersWithRows } from "./finish";
import { loadRows } from "./load-rows";
import { readSeedFacts } from "./seed-facts";
import { GENERATED_TABLE_NAMES } from "./tables";

export interface GeneratedDatabase {
  url: string;
  tickets: number;
  /** Whether this call generated it (false: an earlier, finished generation was reused). */
  generated: boolean;
  /** Wall time of the generation (this one or the reused one's). */
  seconds: number;
  sizeBytes: number;
}

/**
 * The database `name` with `tickets` generated tickets: reused when a finished generation of that
 * size is there, otherwise created afresh (migrated, seeded) and loaded: deferred indexes dropped,
 * rows copied, indexes and constraints rebuilt from their catalog definitions, counters aligned,
 * ANALYZE. The marker row is written last, so an interrupted run is never mistaken for a finished one.
 */
export async function ensureGeneratedDatabase(name: string, tickets: number, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<GeneratedDatabase> {
  const existing = await readGeneratedMarker(name);
  if (existing?.tickets === tickets) {
    log(`reusing ${name}: ${tickets.toLocaleString("en-US")} tickets generated ${existing.generatedAt}`);
    return { url: benchDatabaseUrl(name), tickets, generated: false, seconds: existing.seconds, sizeBytes: await databaseSize(name) };
  }
  const started = Date.now();
  log(`generating ${tickets.toLocaleString("en-US")} tickets into ${name} …`);
  const url = await createSeededDatabase(name);
  const sql = postgresClient(url, { max: GENERATED_TABLE_NAMES.length + 2, onnotice: () => {} });
  try {
    const facts = await readSeedFacts(sql);
    const deferred = await dropDeferrable(sql, GENERATED_TABLE_NAMES);
    await loadRows(sql, facts, tickets, Date.now(), log);
    const indexStart = Date.now();
    log(`rebuilding ${deferred.indexes.length} indexes, ${deferred.uniques.length} unique and ${deferred.foreignKeys.length} foreign-key constraints …`);
    await restoreDeferred(sql, deferred, { parallel: 2, log });
    log(`  indexes and constraints in ${((Date.now() - indexStart) / 1000).toFixed(1)} s`);
    await alignCountersWithRows(sql);
    const analyzeStart = Date.now();
    await sql`analyze`;
    log(`  analyze in ${((Date.now() - analyzeStart) / 1000).toFixed(1)} s`);
    const seconds = (Date.now() - started) / 1000;
    await sql`insert into settings (key, value, updated_at) values (${GENERATED_MARKER}, ${sql.json({ tickets, generatedAt: new Date().toISOString(), seconds })}, now())`;
    const sizeBytes = await databaseSize(name);
    log(`generated ${name} in ${seconds.toFixed(0)} s, ${(sizeBytes / 2 ** 30).toFixed(2)} GiB`);
    return { url, tickets, generated: true, seconds, sizeBytes };
  } finally {
    await sql.end();
  }
}

async function databaseSize(name: string): Promise<number> {
  const sql = postgresClient(benchDatabaseUrl(name), { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ size: string }[]>`select pg_database_size(current_database())::text as size`;
    return Number(row!.size);
  } finally {
    await sql.end();
  }
}
