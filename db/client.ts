import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import { lockDataDirectory } from "./pglite-lock";
import { describePostgresLocation, postgresClient } from "./postgres-client";
import { rowsOf } from "./prepared";
import * as schema from "./schema";

/**
 * The one place where the two Postgres engines differ. Everything above this module sees a
 * drizzle `Database` and `queryRows`, whichever engine is underneath.
 */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** A database or an open transaction: read and command functions take either. */
export type Queryable = Database | Transaction;

export type DatabaseTarget =
  | { engine: "postgres"; url: string; maxConnections?: number }
  /** dataDir null = in memory (tests). */
  | { engine: "pglite"; dataDir: string | null };

export interface DatabaseHandle {
  db: Database;
  engine: DatabaseTarget["engine"];
  /** Where the data lives, without credentials, for logs and /healthz. */
  location: string;
  /** Runs `fn` while holding a cluster-wide lock (used by migrations and seeding). */
  withExclusiveLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Plain SQL for libraries that bring their own (pg-boss): `$n` parameters, or several statements
   * when there are none. On PGlite it queues behind open transactions like every other query.
   */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /**
   * PostgreSQL only: replaces the connection pool with a fresh one (the old one finishes what it
   * is doing and closes). For a pool left broken by the driver; see isPostgresDriverWriteCrash.
   */
  renewPool?(): void;
  close(): Promise<void>;
}

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  return target.engine === "postgres" ? openPostgres(target.url, target.maxConnections) : openPglite(target.dataDir);
}

/**
 * Waiting longer than this for a new connection means the server is down or unreachable: the
 * request fails with a clear error instead of hanging (postgres.js waits 30 s by default).
 */
const CONNECT_TIMEOUT_SECONDS = 10;

function openPostgres(url: string, maxConnections = 10): DatabaseHandle {
  const connect = () =>
    postgresClient(url, {
      max: maxConnections,
      onnotice: () => {},
      connect_timeout: CONNECT_TIMEOUT_SECONDS,
      // Statements are prepared (preparingStatements) to save a round trip, not to reuse plans:
      // each execution is still planned for its own parameters, as an unnamed statement would be.
      connection: { plan_cache_mode: "force_custom_plan" },
    });
  const first = connect();
  let client = first;
  // drizzle and pg-boss hold this stand-in, which forwards to whichever pool is current, so a
  // pool can be replaced under them (renewPool) without rebuilding anything above.
  const current = new Proxy(first, {
    get: (_target, property) => Reflect.get(preparingStatements(client), property),
    apply: (_target, self, args) => Reflect.apply(client, self, args),
  });
  const db = drizzlePostgres(current, { schema }) as unknown as Database;
  return {
    db,
    engine: "postgres",
    location: describePostgresLocation(url),
    async withExclusiveLock(name, fn) {
      // A reserved connection holds a session-level advisory lock while `fn` uses the pool.
      const reserved = await client.reserve();
      try {
        await reserved`select pg_advisory_lock(hashtext(${name}))`;
        return await fn();
      } finally {
        await reserved`select pg_advisory_unlock(hashtext(${name}))`.catch(() => {});
        reserved.release();
      }
    },
    async executeSql(text, values = []) {
      if (values.length) {
        // Such libraries are written for node-postgres, which sends plain objects as JSON text and
        // undefined as null; postgres.js would refuse both.
        const parameters = values.map((v) =>
          v === undefined ? null : v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date) ? JSON.stringify(v) : v,
        );
        const rows = await client.unsafe(text, parameters as postgres.ParameterOrJSON<never>[]);
        return { rows: rows as unknown as Record<string, unknown>[] };
      }
      // Several statements, possibly BEGIN … COMMIT: postgres.js wants those on one reserved connection.
      const connection = await client.reserve();
      try {
        const rows = await connection.unsafe(text);
        return { rows: rows as unknown as Record<string, unknown>[] };
      } finally {
        connection.release();
      }
    },
    renewPool() {
      const old = client;
      client = connect();
      // drizzle set its type parsers on the first pool (timestamps and dates as text); the new one needs them too.
      Object.assign(client.options.parsers, first.options.parsers);
      Object.assign(client.options.serializers, first.options.serializers);
      // Queries in flight on the old pool's healthy connections get a few seconds to finish.
      void old.end({ timeout: 5 }).catch(() => {});
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * Statements with more parameters than this stay unnamed: they are lists whose length varies (an
 * `in (…)` of ids, a multi-row insert), and each length would be another text prepared on every
 * connection for as long as it lives.
 */
const MAX_PREPARED_PARAMETERS = 32;

const preparingProxies = new WeakMap<postgres.Sql, postgres.Sql>();

/**
 * `sql`, with every statement that has parameters sent as a named prepared statement, in
 * transactions and savepoints too. drizzle sends its queries unnamed, and postgres.js must then
 * ask the server for the parameter types first (Parse/Describe, wait, then Bind/Execute): two
 * round trips per query, each a wake-up of the server process, which is what a busy machine
 * makes slow. A prepared text is described once per connection and then costs one round trip.
 * See docs/decisions/0011-city-scale.md.
 */
function preparingStatements(sql: postgres.Sql): postgres.Sql {
  let proxy = preparingProxies.get(sql);
  if (proxy) return proxy;
  const withTransactions = (open: "begin" | "savepoint") =>
    (...args: unknown[]) => {
      const body = args.pop() as (tx: postgres.Sql) => unknown;
      return (Reflect.get(sql, open) as (...a: unknown[]) => unknown).call(sql, ...args, (tx: postgres.Sql) => body(preparingStatements(tx)));
    };
  proxy = new Proxy(sql, {
    get(target, property) {
      if (property === "unsafe") {
        return (text: string, parameters?: unknown[], options?: { prepare?: boolean }) =>
          target.unsafe(text, parameters as postgres.ParameterOrJSON<never>[], {
            ...options,
            prepare: options?.prepare || (!!parameters?.length && parameters.length <= MAX_PREPARED_PARAMETERS),
          });
      }
      if (property === "begin" || property === "savepoint") return withTransactions(property);
      return Reflect.get(target, property);
    },
  });
  preparingProxies.set(sql, proxy);
  return proxy;
}

/**
 * postgres.js 3.4.9 (the latest release) can throw from a setImmediate callback when a
 * connection's socket closes while a transaction is still writing on it — its ROLLBACK after the
 * connection was cut, typically (porsager/postgres#1154, #1208; guards proposed in #1168, #1209,
 * not released). Nothing can catch it where it happens, so it would end the process, and the
 * connection it happened on can never write again. Returns whether `error` is that crash; the
 * process entry points then renew the pool (DatabaseHandle.renewPool) and carry on.
 */
export function isPostgresDriverWriteCrash(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    error.message === "Cannot read properties of null (reading 'write')" &&
    /\bnextWrite\b[^\n]*postgres[/\\]src[/\\]connection\.js/.test(error.stack ?? "")
  );
}

/** Contrib extensions the migrations create (pg_trgm for short and partial search queries). */
const pgliteExtensions = { pg_trgm };

async function openPglite(dataDir: string | null): Promise<DatabaseHandle> {
  let lock: { release(): void } | null = null;
  let client: PGlite;
  if (dataDir === null) {
    client = new PGlite({ extensions: pgliteExtensions });
  } else {
    const absolute = path.resolve(dataDir);
    lock = lockDataDirectory(absolute);
    const pgdata = path.join(absolute, "pgdata");
    mkdirSync(pgdata, { recursive: true }); // PGlite does not create parent directories
    try {
      client = new PGlite(pgdata, { extensions: pgliteExtensions });
      await client.waitReady;
    } catch (error) {
      lock.release();
      throw error;
    }
  }
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    engine: "pglite",
    location: dataDir === null ? "memory" : path.resolve(dataDir, "pgdata"),
    // One process owns a PGlite directory, and PGlite runs one query at a time: no lock needed.
    withExclusiveLock: (_name, fn) => fn(),
    async executeSql(text, values = []) {
      if (values.length) return client.query<Record<string, unknown>>(text, values);
      const results = await client.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
    async close() {
      await client.close();
      lock?.release();
    },
  };
}

/** `db.execute` returns `{ rows }` on PGlite and an array on postgres.js; this evens it out. */
export async function queryRows<T extends Record<string, unknown>>(db: Queryable, query: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(query));
}
