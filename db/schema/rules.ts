import { date, index, integer, pgTable, text, unique } from "drizzle-orm/pg-core";
import { categories } from "./categories";
import { departments } from "./departments";
import { requestType, urgency } from "./tickets";

export const LIMIT_UNITS = ["working_hours", "working_days", "hours"] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];

/**
 * Time limits (限时办结) as data. A rule matches when each of its non-null keys equals the
 * ticket's; the most specific match wins (category > urgency > request type), ties by lowest id.
 */
export const timeLimitRules = pgTable("time_limit_rules", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  name: text("name").notNull(),
  requestType: requestType("request_type"),
  urgency: urgency("urgency"),
  categoryId: integer("category_id").references(() => categories.id),
  dispatchValue: integer("dispatch_value").notNull(),
  dispatchUnit: text("dispatch_unit", { enum: LIMIT_UNITS }).notNull(),
  signValue: integer("sign_value").notNull(),
  signUnit: text("sign_unit", { enum: LIMIT_UNITS }).notNull(),
  handleValue: integer("handle_value").notNull(),
  handleUnit: text("handle_unit", { enum: LIMIT_UNITS }).notNull(),
});

export type TimeLimitRule = typeof timeLimitRules.$inferSelect;

/** Statutory days off and make-up working days (调休); working hours are the setting `calendar.working_periods`. */
export const calendarDays = pgTable("calendar_days", {
  day: date("day").primaryKey(),
  kind: text("kind", { enum: ["holiday", "workday"] }).notNull(),
  name: text("name").notNull(),
});

/** Routing (按责转办) as data: category, optionally narrowed by area → default lead department. */
export const routingRules = pgTable(
  "routing_rules",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id),
    area: text("area"),
    departmentId: integer("department_id")
      .notNull()
      .references(() => departments.id),
  },
  (t) => [unique("routing_rules_category_area_unique").on(t.categoryId, t.area).nullsNotDistinct(), index("routing_rules_category_idx").on(t.categoryId)],
);
