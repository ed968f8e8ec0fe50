import { openDatabase, type DatabaseHandle } from "~/db/client";
import { migrateDatabase } from "~/db/migrate";
import { putSetting } from "~/domain/settings";
import { RATE_LIMIT_SETTING_PREFIX } from "~/domain/rate-limit";
import type { PrivatePostgres } from "./private-postgres";

/**
 * A new database in the private cluster, migrated, with the Open311 per-key limit raised for
 * the run: the load is one integration posting thousands of requests, which the default
 * (600 an hour) would rightly refuse. That is the administrator setting, not a code change.
 */
export async function prepareDatabase(cluster: PrivatePostgres, name: string): Promise<string> {
  const url = await cluster.createDatabase(name);
  await withDatabase(url, async (handle) => {
    await migrateDatabase(handle);
    await putSetting(handle.db, `${RATE_LIMIT_SETTING_PREFIX}open311.post.key`, { limit: 1_000_000, windowSeconds: 3600 }, new Date());
  });
  return url;
}

export async function withDatabase<T>(url: string, fn: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase({ engine: "postgres", url, maxConnections: 2 });
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}
