import { type AnyPgColumn, boolean, integer, pgTable, text } from "drizzle-orm/pg-core";

/** The coded tree that classifies tickets (诉求分类), editable by administrators. */
export const categories = pgTable("categories", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  parentId: integer("parent_id").references((): AnyPgColumn => categories.id),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  sortOrder: integer("sort_order").notNull().default(0),
  active: boolean("active").notNull().default(true),
});

export type Category = typeof categories.$inferSelect;
