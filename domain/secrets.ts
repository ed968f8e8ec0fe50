import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Queryable } from "~/db/client";
import { isTransaction } from "~/db/transaction";
import { settings } from "~/db/schema";
import { getSetting } from "./settings";

const secretSchema = z.string().regex(/^[0-9a-f]{32}$/);

/**
 * Secrets this process has read, per database handle. A secret is made once and never changed
 * (nothing in the app rotates one), so it is read once per process: rating links are signed for
 * every reply SMS and every status look-up of a replied ticket. Replacing one means deleting its
 * settings row and restarting every process (docs/operations.md).
 */
const known = new WeakMap<Queryable, Map<string, Promise<string>>>();

/**
 * A random secret kept in the settings table: made by whichever process asks first, then the same
 * for every process on the database, and never a fixed value published with the code.
 */
export function loadOrCreateSecret(db: Queryable, key: string, now: Date): Promise<string> {
  // A transaction may yet roll back the secret it made; nothing read inside one is kept.
  if (isTransaction(db)) return readOrCreateSecret(db, key, now);
  let secrets = known.get(db);
  if (!secrets) known.set(db, (secrets = new Map()));
  let secret = secrets.get(key);
  if (!secret) {
    secret = readOrCreateSecret(db, key, now);
    secrets.set(key, secret);
    // A failed read is not kept: the next call tries again.
    secret.catch(() => secrets.get(key) === secret && secrets.delete(key));
  }
  return secret;
}

/**
 * Reads first and inserts only when the row is missing (the first time on a database). Two
 * processes that both find it missing both insert; the second insert does nothing, and both read
 * back the one that was kept.
 */
async function readOrCreateSecret(db: Queryable, key: string, now: Date): Promise<string> {
  const existing = await getSetting(db, key, secretSchema.nullable(), null);
  if (existing) return existing;
  await db.insert(settings).values({ key, value: randomBytes(16).toString("hex"), updatedAt: now }).onConflictDoNothing();
  return getSetting(db, key, secretSchema, "");
}
