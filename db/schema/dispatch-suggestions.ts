import { bigint, boolean, index, integer, jsonb, pgTable, real, text, timestamp } from "drizzle-orm/pg-core";
import { departments } from "./departments";
import { tickets } from "./tickets";

/**
 * Dispatch-suggestion models trained from the centre's own dispatch history (see
 * domain/dispatch-suggest). Kept in the database so every process serves the same model: a
 * process reloads when a newer row appears. Only the last few rows are kept.
 */
export const dispatchModels = pgTable("dispatch_models", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  trainedAt: timestamp("trained_at", { withTimezone: true }).notNull(),
  exampleCount: integer("example_count").notNull(),
  labelCount: integer("label_count").notNull(),
  trainingMillis: integer("training_millis").notNull(),
  /** The serialised classifier (domain/dispatch-suggest/serialize.ts); several MB at most. */
  model: text("model").notNull(),
});

/** One suggested department as shown: labels are department ids. */
export interface ShownSuggestion {
  departmentId: number;
  score: number;
}

/**
 * What the dispatcher was shown for a ticket and what they did: one row per ticket (the latest
 * suggestions shown, `shown_at` when they were first shown), completed on dispatch. The
 * acceptance rate is accepted / decided rows.
 */
export const dispatchSuggestionLog = pgTable(
  "dispatch_suggestion_log",
  {
    ticketId: bigint("ticket_id", { mode: "number" })
      .primaryKey()
      .references(() => tickets.id),
    modelId: integer("model_id").notNull(),
    suggestions: jsonb("suggestions").$type<ShownSuggestion[]>().notNull(),
    topScore: real("top_score").notNull(),
    shownAt: timestamp("shown_at", { withTimezone: true }).notNull(),
    dispatchedDepartmentId: integer("dispatched_department_id").references(() => departments.id),
    /** True when the ticket went to suggestion #1, false when the dispatcher overrode it. */
    accepted: boolean("accepted"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decidedBy: text("decided_by"),
  },
  (t) => [index("dispatch_suggestion_log_decided_idx").on(t.decidedAt)],
);

export type DispatchModelRow = typeof dispatchModels.$inferSelect;
