import { eq, sql } from "drizzle-orm";
import type { Queryable } from "~/db/client";
import { users } from "~/db/schema";
import { type Actor, recordAudit } from "../audit";
import type { Clock } from "../clock";
import { DEMO_PASSWORD } from "../setup/demo-accounts";
import { getLockoutPolicy } from "./lockout";
import { getDecoyHash, verifyPassword } from "./password";

export type SignInResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalid_credentials" | "inactive" | "demo_password_refused" }
  | { ok: false; reason: "locked"; lockedUntil: Date };

export interface SignInInput {
  username: string;
  password: string;
  ip: string | null;
  /** In production the published demo password never opens an account. */
  refuseDemoPassword: boolean;
}

/**
 * Checks a staff sign-in and keeps the failure counter and lock. Every outcome is audited.
 * The caller creates the session on success.
 */
export async function signIn(db: Queryable, clock: Clock, input: SignInInput): Promise<SignInResult> {
  const now = clock.now();
  const username = input.username.trim().toLowerCase();
  const anonymous: Actor = { id: null, label: username, ip: input.ip };
  const [user] = await db.select().from(users).where(eq(users.username, username));

  if (!user) {
    await verifyPassword(input.password, await getDecoyHash());
    await recordAudit(db, { action: "auth.sign_in_failed", actor: anonymous, at: now, detail: { reason: "unknown_user" } });
    return { ok: false, reason: "invalid_credentials" };
  }

  const actor: Actor = { id: user.id, label: user.username, ip: input.ip };
  const target = { type: "user" as const, id: user.id, label: user.username };

  if (user.lockedUntil && user.lockedUntil > now) {
    await recordAudit(db, { action: "auth.sign_in_failed", actor, target, at: now, detail: { reason: "locked" } });
    return { ok: false, reason: "locked", lockedUntil: user.lockedUntil };
  }

  const passwordOk = await verifyPassword(input.password, user.passwordHash);
  if (!passwordOk) {
    const policy = await getLockoutPolicy(db);
    // Counted in SQL so concurrent attempts cannot overwrite each other's increments.
    const [updated] = await db
      .update(users)
      .set({ failedSignIns: sql`${users.failedSignIns} + 1`, updatedAt: now })
      .where(eq(users.id, user.id))
      .returning({ failedSignIns: users.failedSignIns });
    const failures = updated?.failedSignIns ?? 0;
    await recordAudit(db, {
      action: "auth.sign_in_failed",
      actor,
      target,
      at: now,
      detail: { reason: "wrong_password", failures },
    });
    if (failures >= policy.maxFailures) {
      const lockedUntil = new Date(now.getTime() + policy.lockMinutes * 60_000);
      await db.update(users).set({ lockedUntil, failedSignIns: 0, updatedAt: now }).where(eq(users.id, user.id));
      await recordAudit(db, { action: "auth.locked", actor, target, at: now, detail: { lockedUntil: lockedUntil.toISOString() } });
      return { ok: false, reason: "locked", lockedUntil };
    }
    return { ok: false, reason: "invalid_credentials" };
  }

  if (!user.active) {
    await recordAudit(db, { action: "auth.sign_in_failed", actor, target, at: now, detail: { reason: "inactive" } });
    return { ok: false, reason: "inactive" };
  }
  if (input.refuseDemoPassword && input.password === DEMO_PASSWORD) {
    await recordAudit(db, { action: "auth.sign_in_failed", actor, target, at: now, detail: { reason: "demo_password" } });
    return { ok: false, reason: "demo_password_refused" };
  }

  await db
    .update(users)
    .set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: now, updatedAt: now })
    .where(eq(users.id, user.id));
  await recordAudit(db, { action: "auth.sign_in", actor, target, at: now });
  return { ok: true, userId: user.id };
}
