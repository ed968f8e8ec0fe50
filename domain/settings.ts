import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Queryable } from "~/db/client";
import { settings } from "~/db/schema";

/**
 * Reads an administrator-editable setting, validated by `schema`; falls back to the default
 * when it is absent. A stored value that no longer validates is a data error worth failing on.
 */
export async function getSetting<T>(db: Queryable, key: string, schema: z.ZodType<T>, fallback: T): Promise<T> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  if (!row) return fallback;
  const parsed = schema.safeParse(row.value);
  if (!parsed.success) throw new Error(`Setting ${key} is invalid: ${parsed.error.message}`);
  return parsed.data;
}

export async function putSetting(db: Queryable, key: string, value: unknown, at: Date): Promise<void> {
  await db
    .insert(settings)
    .values({ key, value, updatedAt: at })
    .onConflictDoUpdate({ target: settings.key, set: { value: sql`excluded.value`, updatedAt: at } });
}

