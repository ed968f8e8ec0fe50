import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, sessions, users } from "~/db/schema";
import { DomainError } from "~/domain/errors";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { commandContext, makeDepartment, makeUser, TEST_PASSWORD } from "~/tests/helpers/staff";
import { verifyPassword } from "./password";
import { createStaffUser, findSessionWithIdentity, getStaffIdentity, getStaffUser, listStaffUsers, resetStaffPassword, setStaffUserActive, updateStaffUser } from "./users";

async function expectDomainError(promise: Promise<unknown>, code: string, status: number) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect(error).toMatchObject({ code, status });
}

describe.each(testEngines)("staff users on %s", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.dispose());
  const ctx = () => commandContext(database.db);

  it("creates a user with a memory-hard password hash and audits it", async () => {
    const dept = await makeDepartment(ctx());
    const created = await createStaffUser(ctx(), {
      username: "  Li.Handler ",
      displayName: "经办人甲",
      password: TEST_PASSWORD,
      roles: ["department_handler"],
      departmentId: dept.id,
    });
    expect(created.username).toBe("li.handler");
    const [row] = await database.db.select().from(users).where(eq(users.id, created.id));
    expect(row!.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword(TEST_PASSWORD, row!.passwordHash)).toBe(true);
    expect(await verifyPassword("other-password-1", row!.passwordHash)).toBe(false);
    const identity = await getStaffIdentity(database.db, created.id);
    expect(identity).toMatchObject({ roles: ["department_handler"], departmentId: dept.id, departmentName: dept.name });
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.targetId, created.id));
    expect(audit.map((a) => a.action)).toEqual(["user.create"]);
  });

  it.each([
    [{ username: "1bad", roles: ["operator"] }, "username_invalid"],
    [{ roles: [] }, "roles_required"],
    [{ roles: ["wizard"] }, "role_invalid"],
    [{ roles: ["department_handler"] }, "department_required_for_role"],
    [{ roles: ["operator", "department_lead"], departmentId: "DEPT" }, "roles_centre_and_department"],
    [{ roles: ["operator"], departmentId: "DEPT" }, "department_only_for_department_roles"],
    [{ roles: ["operator"], password: "short1" }, "password_too_short"],
    [{ roles: ["operator"], password: "onlyletters" }, "password_needs_letters_and_digits"],
  ])("rejects %j with %s", async (patch, code) => {
    const dept = await makeDepartment(ctx());
    const input = {
      username: `valid${Math.floor(Math.random() * 1e6)}`,
      displayName: "某人",
      password: TEST_PASSWORD,
      departmentId: null as number | null,
      ...patch,
    } as Parameters<typeof createStaffUser>[1];
    if ((patch as { departmentId?: string }).departmentId === "DEPT") input.departmentId = dept.id;
    await expectDomainError(createStaffUser(ctx(), input), code, 400);
  });

  it("refuses a taken username with 409", async () => {
    const user = await makeUser(ctx(), ["operator"]);
    await expectDomainError(
      createStaffUser(ctx(), { username: user.username, displayName: "重复", password: TEST_PASSWORD, roles: ["operator"], departmentId: null }),
      "username_taken",
      409,
    );
  });

  it("changes roles, audits the change and ends the user's sessions", async () => {
    const user = await makeUser(ctx(), ["operator"]);
    await database.db.insert(sessions).values({ id: `s-${user.id}`, userId: user.id, expiresAt: new Date(Date.now() + 3600_000) });
    await updateStaffUser(ctx(), user.id, { displayName: "新名字", roles: ["dispatcher", "supervisor"], departmentId: null });
    expect(await getStaffUser(database.db, { id: user.id })).toMatchObject({ displayName: "新名字", roles: ["dispatcher", "supervisor"] });
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.targetId, user.id));
    const roleChange = audit.find((a) => a.action === "user.roles_change");
    expect(roleChange?.detail).toEqual({ from: ["operator"], to: ["dispatcher", "supervisor"] });
    expect(audit.some((a) => a.action === "user.update")).toBe(true);
  });

  it("resets a password: the old one stops working, the lock is lifted, sessions end, and it is audited", async () => {
    const user = await makeUser(ctx(), ["operator"]);
    await database.db.update(users).set({ lockedUntil: new Date(Date.now() + 3600_000), failedSignIns: 3 }).where(eq(users.id, user.id));
    await database.db.insert(sessions).values({ id: `r-${user.id}`, userId: user.id, expiresAt: new Date(Date.now() + 3600_000) });
    await resetStaffPassword(ctx(), user.id, "brand-new-pass-7");
    const [row] = await database.db.select().from(users).where(eq(users.id, user.id));
    expect(await verifyPassword("brand-new-pass-7", row!.passwordHash)).toBe(true);
    expect(await verifyPassword(TEST_PASSWORD, row!.passwordHash)).toBe(false);
    expect(row).toMatchObject({ lockedUntil: null, failedSignIns: 0 });
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.targetId, user.id));
    expect(audit.map((a) => a.action)).toContain("user.password_reset");
  });

  it("deactivates and reactivates; a deactivated user has no identity", async () => {
    const user = await makeUser(ctx(), ["operator"]);
    await setStaffUserActive(ctx(), user.id, false);
    expect(await getStaffIdentity(database.db, user.id)).toBeNull();
    await setStaffUserActive(ctx(), user.id, true);
    expect(await getStaffIdentity(database.db, user.id)).not.toBeNull();
  });

  it("keeps at least one active administrator and stops administrators deactivating themselves", async () => {
    const admins = await listStaffUsers(database.db, { role: "administrator", active: true }, { offset: 0, limit: 100 });
    for (const admin of admins.rows) await setStaffUserActive(ctx(), admin.id, false);
    const only = await makeUser(ctx(), ["administrator"]);
    await expectDomainError(setStaffUserActive(ctx(), only.id, false), "last_administrator", 409);
    await expectDomainError(updateStaffUser(ctx(), only.id, { displayName: "x", roles: ["operator"], departmentId: null }), "last_administrator", 409);
    const self = { ...ctx(), actor: { id: only.id, label: only.username, ip: null } };
    await makeUser(ctx(), ["administrator"]);
    await expectDomainError(setStaffUserActive(self, only.id, false), "cannot_deactivate_self", 409);
  });

  it("filters and pages the user list", async () => {
    const dept = await makeDepartment(ctx());
    for (let i = 0; i < 3; i++) await makeUser(ctx(), ["department_lead"], dept.id);
    const page1 = await listStaffUsers(database.db, { departmentId: dept.id }, { offset: 0, limit: 2 });
    const page2 = await listStaffUsers(database.db, { departmentId: dept.id }, { offset: 2, limit: 2 });
    expect(page1.total).toBe(3);
    expect(page1.rows).toHaveLength(2);
    expect(page2.rows).toHaveLength(1);
    expect(page1.rows.every((r) => r.roles.includes("department_lead") && r.departmentName === dept.name)).toBe(true);
    const byRole = await listStaffUsers(database.db, { role: "department_lead", departmentId: dept.id }, { offset: 0, limit: 10 });
    expect(byRole.total).toBe(3);
  });

  it("finds a session with its user's whole identity in one query, and says when the user is inactive", async () => {
    const dept = await makeDepartment(ctx());
    const user = await makeUser(ctx(), ["department_lead", "department_handler"], dept.id);
    const expiresAt = new Date("2027-01-01T00:00:00Z");
    await database.db.insert(sessions).values({ id: `s-${user.id}`, userId: user.id, expiresAt, ip: "10.0.0.7", userAgent: "测试浏览器" });
    const found = await findSessionWithIdentity(database.db, `s-${user.id}`);
    expect(found).toEqual({
      session: { id: `s-${user.id}`, userId: user.id, expiresAt, ip: "10.0.0.7", userAgent: "测试浏览器" },
      // Roles in the one order the app uses everywhere, whatever order they were given in.
      identity: { id: user.id, username: user.username, displayName: (await getStaffUser(database.db, { id: user.id })).displayName, active: true, departmentId: dept.id, departmentName: dept.name, roles: ["department_handler", "department_lead"] },
    });
    expect(await findSessionWithIdentity(database.db, "no-such-session")).toBeNull();
    await database.db.update(users).set({ active: false }).where(eq(users.id, user.id));
    expect((await findSessionWithIdentity(database.db, `s-${user.id}`))!.identity.active).toBe(false);
  });
});
