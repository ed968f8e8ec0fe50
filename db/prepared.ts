import type { Queryable } from "./client";

/**
 * Runs SQL text that never changes (only its parameters do) as a named prepared statement, on
 * `db`'s own connection (so inside a transaction when `db` is one). Every statement with
 * parameters is prepared on PostgreSQL anyway (db/client.ts); what fixed text saves on a hot path
 * is drizzle assembling the SQL on every call, 0.1–0.3 ms of CPU per query. Hot drizzle queries get
 * the same by being built once per database with `.prepare(name)` (see db/per-database.ts). The
 * text must come from a small fixed set, never from input: each stays prepared on every connection.
 */
export async function queryPrepared<T extends Record<string, unknown>>(db: Queryable, text: string, params: unknown[]): Promise<T[]> {
  return rowsOf<T>(await db._.session.prepareQuery({ sql: text, params }, undefined, "prepared", false).execute());
}

/** Query results are `{ rows }` on PGlite and an array on postgres.js; this evens them out. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
