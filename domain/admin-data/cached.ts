import type { Queryable } from "~/db/client";
import { queryPrepared } from "~/db/prepared";
import { isTransaction } from "~/db/transaction";

/**
 * Administrators' data read once per process and reused until it changes. Triggers bump
 * `admin_data_version` in the same transaction as any row written to the cached tables
 * (migrations 0012 and 0016), so a change made by an administrator, by another process or by hand
 * in SQL is seen by the next read: one tiny select instead of re-reading every table.
 *
 * The version is read before the data, so a copy is never filed under a version newer than what it
 * holds. Inside a caller's transaction nothing is cached (the transaction may hold uncommitted
 * changes of its own); the data is read there directly.
 */
export function cachedAdminData<T>(load: (db: Queryable) => Promise<T>): (db: Queryable) => Promise<T> {
  const copies = new WeakMap<Queryable, { version: number; data: Promise<T> }>();
  return async (db) => {
    if (isTransaction(db)) return load(db);
    const version = await currentAdminDataVersion(db);
    const copy = copies.get(db);
    if (copy?.version === version) return copy.data;
    // Adopted into a real promise: a drizzle query is a thenable that runs again on every `then`,
    // so a loader returning one would otherwise read anew (and give a new copy) for each caller.
    const data = Promise.resolve(load(db));
    copies.set(db, { version, data });
    // A failed read is not kept: the next call reads again.
    data.catch(() => copies.get(db)?.data === data && copies.delete(db));
    return data;
  };
}

/**
 * The version, read once for all callers that ask while a read is already on its way (under load,
 * one read serves a whole burst of webhooks or intakes). A change is therefore seen at most one
 * round trip late, never later; a caller that asks after a change committed and no read is in
 * flight always sees it.
 */
const versionReads = new WeakMap<Queryable, Promise<number>>();

function currentAdminDataVersion(db: Queryable): Promise<number> {
  let read = versionReads.get(db);
  if (!read) {
    read = readAdminDataVersion(db).finally(() => versionReads.delete(db));
    versionReads.set(db, read);
  }
  return read;
}

/** The version as stored, read now (no sharing of reads in flight). */
export async function readAdminDataVersion(db: Queryable): Promise<number> {
  const [row] = await queryPrepared<{ version: string | number }>(db, "select version from admin_data_version", []);
  if (!row) throw new Error("admin_data_version has no row; run the migrations");
  return Number(row.version);
}
