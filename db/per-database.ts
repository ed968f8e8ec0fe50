import type { Database } from "./client";

/**
 * One value per database handle, made on first use and dropped with the handle: a prepared
 * statement, a write queue. Tests open many databases in one process, so a module-level single
 * value would mix them up.
 */
export function perDatabase<T>(make: (db: Database) => T): (db: Database) => T {
  const made = new WeakMap<Database, T>();
  return (db) => {
    if (!made.has(db)) made.set(db, make(db));
    return made.get(db)!;
  };
}
