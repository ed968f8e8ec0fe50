import type { Queryable } from "./client";

/**
 * Runs SQL text that never changes (only its parameters do) as a prepared statement, on `db`'s own
 * connection (so inside a transaction when `db` is one). drizzle sends its other queries unnamed,
 * and postgres.js precedes an unnamed query that has parameters with a Parse/Describe round trip;
 * a prepared one is parsed once per connection and then costs one round trip. For hot paths only:
 * each distinct text stays prepared on every connection, so the text must come from a small fixed
 * set, never from input.
 */
export async function queryPrepared<T extends Record<string, unknown>>(db: Queryable, text: string, params: unknown[]): Promise<T[]> {
  return rowsOf<T>(await db._.session.prepareQuery({ sql: text, params }, undefined, "prepared", false).execute());
}

/** Query results are `{ rows }` on PGlite and an array on postgres.js; this evens them out. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
