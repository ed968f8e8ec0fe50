import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import { generateIdFromEntropySize } from "lucia";
import { z } from "zod";
import type { Database, Queryable, Transaction } from "~/db/client";
import { perDatabase } from "~/db/per-database";
import { departments, sessions, userRoles, users } from "~/db/schema";
import { recordAudit } from "../audit";
import { type CommandContext, parseInput } from "../command";
import { conflict, invalidInput, notFound } from "../errors";
import { assertAcceptablePassword, hashPassword } from "./password";
import { assertValidRoleAssignment, STAFF_ROLES, type StaffRole } from "./roles";
import { containsPattern } from "~/db/like";

const rolesSchema = z.array(z.enum(STAFF_ROLES, { message: "role_invalid" }));
const departmentIdSchema = z.number().int().positive().nullable();

export const createStaffUserSchema = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9._-]{2,31}$/, "username_invalid"),
  displayName: z.string().trim().min(1, "display_name_invalid").max(40, "display_name_invalid"),
  password: z.string(),
  roles: rolesSchema,
  departmentId: departmentIdSchema,
});
export type CreateStaffUserInput = z.input<typeof createStaffUserSchema>;

export const updateStaffUserSchema = createStaffUserSchema.pick({ displayName: true, roles: true, departmentId: true });
export type UpdateStaffUserInput = z.input<typeof updateStaffUserSchema>;

/** The signed-in user as the app sees it. */
export interface StaffIdentity {
  id: string;
  username: string;
  displayName: string;
  roles: StaffRole[];
  departmentId: number | null;
  departmentName: string | null;
}

async function assertDepartmentUsable(db: Queryable, departmentId: number | null) {
  if (departmentId === null) return;
  const [dept] = await db.select({ active: departments.active }).from(departments).where(eq(departments.id, departmentId));
  if (!dept) throw invalidInput("department_not_found", "departmentId");
  if (!dept.active) throw invalidInput("department_inactive", "departmentId");
}

async function rolesOf(db: Queryable, userId: string): Promise<StaffRole[]> {
  const rows = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId));
  return inRoleOrder(rows.map((r) => r.role));
}

const inRoleOrder = (roles: StaffRole[]) => roles.sort((a, b) => STAFF_ROLES.indexOf(a) - STAFF_ROLES.indexOf(b));

const userTarget = (user: { id: string; username: string }) => ({ type: "user" as const, id: user.id, label: user.username });

export async function createStaffUser(ctx: CommandContext, raw: CreateStaffUserInput) {
  const input = parseInput(createStaffUserSchema, raw);
  assertAcceptablePassword(input.password);
  const roles = [...new Set(input.roles)];
  assertValidRoleAssignment(roles, input.departmentId);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    await assertDepartmentUsable(tx, input.departmentId);
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username));
    if (taken) throw conflict("username_taken", { username: input.username });
    const at = ctx.clock.now();
    const id = generateIdFromEntropySize(10);
    await tx.insert(users).values({
      id,
      username: input.username,
      displayName: input.displayName,
      passwordHash,
      departmentId: input.departmentId,
      createdAt: at,
      updatedAt: at,
    });
    await tx.insert(userRoles).values(roles.map((role) => ({ userId: id, role })));
    await recordAudit(tx, {
      action: "user.create",
      actor: ctx.actor,
      at,
      target: userTarget({ id, username: input.username }),
      detail: { displayName: input.displayName, roles, departmentId: input.departmentId },
    });
    return { id, username: input.username };
  });
}

async function lockUser(tx: Transaction, id: string) {
  const [user] = await tx.select().from(users).where(eq(users.id, id)).for("update");
  if (!user) throw notFound("user_not_found");
  return user;
}

export async function updateStaffUser(ctx: CommandContext, id: string, raw: UpdateStaffUserInput) {
  const input = parseInput(updateStaffUserSchema, raw);
  const roles = [...new Set(input.roles)];
  assertValidRoleAssignment(roles, input.departmentId);
  return ctx.db.transaction(async (tx) => {
    const before = await lockUser(tx, id);
    if (input.departmentId !== before.departmentId) await assertDepartmentUsable(tx, input.departmentId);
    const beforeRoles = await rolesOf(tx, id);
    await assertNotRemovingLastAdministrator(tx, id, roles);
    const at = ctx.clock.now();
    await tx
      .update(users)
      .set({ displayName: input.displayName, departmentId: input.departmentId, updatedAt: at })
      .where(eq(users.id, id));
    if (before.displayName !== input.displayName || before.departmentId !== input.departmentId) {
      await recordAudit(tx, {
        action: "user.update",
        actor: ctx.actor,
        at,
        target: userTarget(before),
        detail: {
          displayName: { from: before.displayName, to: input.displayName },
          departmentId: { from: before.departmentId, to: input.departmentId },
        },
      });
    }
    const rolesChanged = beforeRoles.join() !== [...roles].sort((a, b) => STAFF_ROLES.indexOf(a) - STAFF_ROLES.indexOf(b)).join();
    if (rolesChanged) {
      await tx.delete(userRoles).where(eq(userRoles.userId, id));
      await tx.insert(userRoles).values(roles.map((role) => ({ userId: id, role })));
      // A changed role set takes effect at once: the user signs in again with the new rights.
      await tx.delete(sessions).where(eq(sessions.userId, id));
      await recordAudit(tx, {
        action: "user.roles_change",
        actor: ctx.actor,
        at,
        target: userTarget(before),
        detail: { from: beforeRoles, to: roles },
      });
    }
  });
}

/** The system must keep at least one active administrator, or nobody could manage it. */
async function assertNotRemovingLastAdministrator(tx: Transaction, id: string, nextRoles: StaffRole[] | null) {
  const wasAdmin = (await rolesOf(tx, id)).includes("administrator");
  const staysAdmin = nextRoles !== null && nextRoles.includes("administrator");
  if (!wasAdmin || staysAdmin) return;
  const [others] = await tx
    .select({ value: count() })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(and(eq(userRoles.role, "administrator"), eq(users.active, true)));
  if ((others?.value ?? 0) <= 1) throw conflict("last_administrator");
}

export async function setStaffUserActive(ctx: CommandContext, id: string, active: boolean) {
  return ctx.db.transaction(async (tx) => {
    const user = await lockUser(tx, id);
    if (user.active === active) return;
    if (!active) {
      if (id === ctx.actor.id) throw conflict("cannot_deactivate_self");
      await assertNotRemovingLastAdministrator(tx, id, null);
    }
    const at = ctx.clock.now();
    await tx.update(users).set({ active, updatedAt: at }).where(eq(users.id, id));
    if (!active) await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordAudit(tx, { action: active ? "user.activate" : "user.deactivate", actor: ctx.actor, at, target: userTarget(user) });
  });
}

/** An administrator sets a new password; the user's sessions end and any lock is lifted. */
export async function resetStaffPassword(ctx: CommandContext, id: string, newPassword: string) {
  assertAcceptablePassword(newPassword, "newPassword");
  const passwordHash = await hashPassword(newPassword);
  return ctx.db.transaction(async (tx) => {
    const user = await lockUser(tx, id);
    const at = ctx.clock.now();
    await tx
      .update(users)
      .set({ passwordHash, failedSignIns: 0, lockedUntil: null, updatedAt: at })
      .where(eq(users.id, id));
    await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordAudit(tx, { action: "user.password_reset", actor: ctx.actor, at, target: userTarget(user) });
  });
}

export interface StaffUserFilter {
  text?: string;
  role?: StaffRole;
  departmentId?: number;
  active?: boolean;
}

export async function listStaffUsers(db: Queryable, filter: StaffUserFilter, page: { offset: number; limit: number }) {
  const conditions: SQL[] = [];
  if (filter.text) {
    const pattern = containsPattern(filter.text);
    conditions.push(or(ilike(users.username, pattern), ilike(users.displayName, pattern))!);
  }
  if (filter.departmentId !== undefined) conditions.push(eq(users.departmentId, filter.departmentId));
  if (filter.active !== undefined) conditions.push(eq(users.active, filter.active));
  if (filter.role) {
    const withRole = db.select({ id: userRoles.userId }).from(userRoles).where(eq(userRoles.role, filter.role));
    conditions.push(inArray(users.id, withRole));
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: users.id,
        username: users.username,
        displayName: users.displayName,
        active: users.active,
        lockedUntil: users.lockedUntil,
        lastSignInAt: users.lastSignInAt,
        departmentId: users.departmentId,
        departmentName: departments.name,
      })
      .from(users)
      .leftJoin(departments, eq(departments.id, users.departmentId))
      .where(where)
      .orderBy(asc(users.username))
      .offset(page.offset)
      .limit(page.limit),
    db.select({ value: count() }).from(users).where(where),
  ]);
  const roleRows = rows.length
    ? await db.select().from(userRoles).where(inArray(userRoles.userId, rows.map((r) => r.id)))
    : [];
  return {
    rows: rows.map((r) => ({ ...r, roles: roleRows.filter((x) => x.userId === r.id).map((x) => x.role) })),
    total: total?.value ?? 0,
  };
}

export async function getStaffUser(db: Queryable, { id }: { id: string }) {
  const [row] = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      active: users.active,
      lockedUntil: users.lockedUntil,
      lastSignInAt: users.lastSignInAt,
      departmentId: users.departmentId,
      departmentName: departments.name,
      createdAt: users.createdAt,
    })
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(users.id, id));
  if (!row) throw notFound("user_not_found");
  return { ...row, roles: await rolesOf(db, id) };
}

/**
 * A user's identity in one row: user, department and roles (the roles joined as text so both
 * engines hand back the same plain string). For queries that join `users` and, left, `departments`.
 */
const identityColumns = {
  userId: users.id,
  username: users.username,
  displayName: users.displayName,
  active: users.active,
  departmentId: users.departmentId,
  departmentName: departments.name,
  roles: sql<string | null>`(select string_agg(${userRoles.role}::text, ',') from ${userRoles} where ${userRoles.userId} = ${users.id})`,
};

interface IdentityRow {
  userId: string;
  username: string;
  displayName: string;
  active: boolean;
  departmentId: number | null;
  departmentName: string | null;
  roles: string | null;
}

function identityOf({ userId, username, displayName, active, departmentId, departmentName, roles }: IdentityRow): StaffIdentity & { active: boolean } {
  return { id: userId, username, displayName, active, departmentId, departmentName, roles: inRoleOrder(roles ? (roles.split(",") as StaffRole[]) : []) };
}

/** Every signed-in request looks its session up: built once per database, not per request (see db/prepared.ts). */
const sessionWithIdentityQuery = perDatabase((db) =>
  db
    .select({ id: sessions.id, expiresAt: sessions.expiresAt, ip: sessions.ip, userAgent: sessions.userAgent, ...identityColumns })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(sessions.id, sql.placeholder("sessionId")))
    .prepare("session_with_identity"),
);

/** A stored session with the identity of its user, whether or not the session or user is still valid. */
export interface SessionWithIdentity {
  session: { id: string; userId: string; expiresAt: Date; ip: string | null; userAgent: string | null };
  identity: StaffIdentity & { active: boolean };
}

/**
 * The session and everything a request needs to know about its user in one round trip: every
 * staff request starts here (Lucia's checks of expiry, and the caller's of activity, follow).
 */
export async function findSessionWithIdentity(db: Database, sessionId: string): Promise<SessionWithIdentity | null> {
  const [row] = await sessionWithIdentityQuery(db).execute({ sessionId });
  if (!row) return null;
  const { id, expiresAt, ip, userAgent, ...identity } = row;
  return { session: { id, userId: identity.userId, expiresAt, ip, userAgent }, identity: identityOf(identity) };
}

/** The identity of an active user (at sign-in); null when the user is unknown or deactivated. */
export async function getStaffIdentity(db: Queryable, userId: string): Promise<StaffIdentity | null> {
  const [row] = await db.select(identityColumns).from(users).leftJoin(departments, eq(departments.id, users.departmentId)).where(eq(users.id, userId));
  if (!row?.active) return null;
  const { active: _active, ...identity } = identityOf(row);
  return identity;
}
