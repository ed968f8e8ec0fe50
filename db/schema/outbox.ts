import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Side effects decided inside a command's transaction (SMS, search indexing, pushes to other
 * platforms), carried out after commit by workers. Delivery state is kept per row.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    topic: text("topic").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    availableAt: timestamp("available_at", { withTimezone: true }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    processedAt: timestamp("processed_at", { withTimezone: true }),
    /** Set when the attempts ran out: the row waits in the dead-letter view for a retry by hand. */
    deadAt: timestamp("dead_at", { withTimezone: true }),
  },
  (t) => [
    index("outbox_pending_idx").on(t.availableAt).where(sql`${t.processedAt} is null and ${t.deadAt} is null`),
    index("outbox_dead_idx").on(t.deadAt).where(sql`${t.deadAt} is not null`),
  ],
);
