import { bigint, boolean, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Administrator-editable settings and one-off markers, keyed by dotted name
 * (e.g. `auth.lockout`, `seed.demo`). Code reads them through typed getters with defaults.
 */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One row whose `version` triggers bump on every write to the administrators' data that processes
 * cache (calendar_days, settings, time_limit_rules, supervision_levels, categories; migration
 * 0012). A process keeps what it read while the version is unchanged (domain/admin-data/version.ts).
 */
export const adminDataVersion = pgTable("admin_data_version", {
  id: boolean("id").primaryKey().default(true), // always true: CHECK ("id") keeps it one row
  version: bigint("version", { mode: "number" }).notNull().default(0),
});
