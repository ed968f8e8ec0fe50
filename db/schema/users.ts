import { boolean, index, integer, pgEnum, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { departments } from "./departments";

/**
 * The staff roles. Code depends on each of them (guards, navigation), so they are a fixed
 * enum rather than data; what each role may do lives in domain/roles.ts.
 */
export const STAFF_ROLES = [
  "administrator",
  "operator",
  "dispatcher",
  "supervisor",
  "department_handler",
  "department_lead",
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const staffRole = pgEnum("staff_role", STAFF_ROLES);

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    /** Stored lower-cased; sign-in compares lower-cased input. */
    username: text("username").notNull().unique(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    departmentId: integer("department_id").references(() => departments.id),
    active: boolean("active").notNull().default(true),
    failedSignIns: integer("failed_sign_ins").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("users_department_idx").on(t.departmentId)],
);

export const userRoles = pgTable(
  "user_roles",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: staffRole("role").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] }), index("user_roles_role_idx").on(t.role)],
);

export type User = typeof users.$inferSelect;
