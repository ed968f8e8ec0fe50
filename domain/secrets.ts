import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Queryable } from "~/db/client";
import { settings } from "~/db/schema";
import { getSetting } from "./settings";

/**
 * A random secret kept in the settings table: made by whichever process asks first, then the same
 * for every process on the database, and never a fixed value published with the code.
 */
export async function loadOrCreateSecret(db: Queryable, key: string, now: Date): Promise<string> {
  await db.insert(settings).values({ key, value: randomBytes(16).toString("hex"), updatedAt: now }).onConflictDoNothing();
  return getSetting(db, key, z.string().regex(/^[0-9a-f]{32}$/), "");
}
