import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, users } from "~/db/schema";
import { manualClock } from "~/domain/clock";
import { putSetting } from "~/domain/settings";
import { DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { commandContext, makeUser, TEST_PASSWORD } from "~/tests/helpers/staff";
import { LOCKOUT_SETTING_KEY } from "./lockout";
import { signIn } from "./sign-in";
import { createStaffUser, setStaffUserActive } from "./users";

describe.each(testEngines)("signIn on %s", (engine) => {
  let database: TestDatabase;
  const clock = manualClock(new Date("2026-03-02T09:00:00+08:00"));
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.dispose());

  const attempt = (username: string, password: string, refuseDemoPassword = false) =>
    signIn(database.db, clock, { username, password, ip: "10.0.0.7", refuseDemoPassword });

  it("accepts the right password, case-insensitively for the username, and audits it", async () => {
    const user = await makeUser(commandContext(database.db, clock), ["operator"]);
    expect(await attempt(user.username.toUpperCase(), TEST_PASSWORD)).toEqual({ ok: true, userId: user.id });
    const entries = await database.db.select().from(auditLog).where(and(eq(auditLog.targetId, user.id), eq(auditLog.action, "auth.sign_in")));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: user.id, ip: "10.0.0.7" });
  });

  it("answers an unknown user exactly like a wrong password", async () => {
    expect(await attempt("nobody-here", "whatever123")).toEqual({ ok: false, reason: "invalid_credentials" });
  });

  it("locks the account after five wrong passwords, refuses even the right one, and unlocks after the lock time", async () => {
    const user = await makeUser(commandContext(database.db, clock), ["dispatcher"]);
    for (let i = 1; i <= 4; i++) {
      expect(await attempt(user.username, `wrong-${i}`)).toEqual({ ok: false, reason: "invalid_credentials" });
    }
    const fifth = await attempt(user.username, "wrong-5");
    expect(fifth).toMatchObject({ ok: false, reason: "locked" });
    expect(await attempt(user.username, TEST_PASSWORD)).toMatchObject({ ok: false, reason: "locked" });

    const trail = await database.db.select().from(auditLog).where(eq(auditLog.targetId, user.id));
    expect(trail.filter((e) => e.action === "auth.sign_in_failed")).toHaveLength(6);
    expect(trail.filter((e) => e.action === "auth.locked")).toHaveLength(1);

    clock.advance(15 * 60_000 + 1);
    expect(await attempt(user.username, TEST_PASSWORD)).toEqual({ ok: true, userId: user.id });
    const [row] = await database.db.select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({ failedSignIns: 0, lockedUntil: null });
  });

  it("reads the lockout policy from administrator settings", async () => {
    await putSetting(database.db, LOCKOUT_SETTING_KEY, { maxFailures: 2, lockMinutes: 60 }, clock.now());
    const user = await makeUser(commandContext(database.db, clock), ["supervisor"]);
    expect(await attempt(user.username, "nope-1")).toMatchObject({ reason: "invalid_credentials" });
    const locked = await attempt(user.username, "nope-2");
    expect(locked).toMatchObject({ reason: "locked" });
    if (locked.ok === false && locked.reason === "locked") {
      expect(locked.lockedUntil.getTime() - clock.now().getTime()).toBe(60 * 60_000);
    }
    await putSetting(database.db, LOCKOUT_SETTING_KEY, { maxFailures: 5, lockMinutes: 15 }, clock.now());
  });

  it("refuses a deactivated account", async () => {
    const ctx = commandContext(database.db, clock);
    const user = await makeUser(ctx, ["operator"]);
    await setStaffUserActive(ctx, user.id, false);
    expect(await attempt(user.username, TEST_PASSWORD)).toEqual({ ok: false, reason: "inactive" });
  });

  it("refuses the published demo password in production", async () => {
    const ctx = commandContext(database.db, clock);
    const user = await createStaffUser(ctx, { username: "demo-like", displayName: "演示", password: DEMO_PASSWORD, roles: ["operator"], departmentId: null });
    expect(await attempt(user.username, DEMO_PASSWORD, true)).toEqual({ ok: false, reason: "demo_password_refused" });
    expect(await attempt(user.username, DEMO_PASSWORD, false)).toEqual({ ok: true, userId: user.id });
  });
});
