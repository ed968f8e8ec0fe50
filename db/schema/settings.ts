import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Administrator-editable settings and one-off markers, keyed by dotted name
 * (e.g. `auth.lockout`, `seed.demo`). Code reads them through typed getters with defaults.
 */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
