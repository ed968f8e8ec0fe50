import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "~/db/schema";
import { manualClock } from "~/domain/clock";
import { seedOnFirstStart } from "~/domain/setup/seed";
import { getLockoutPolicy } from "~/domain/staff/lockout";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { commandContext } from "~/tests/helpers/staff";
import { getTicketSettings, updateLockoutPolicy, updateNumberPrefix, updateSuspendReasons } from "./ticket-settings";

describe.each(testEngines)("ticket and sign-in settings on %s", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await seedOnFirstStart(database, manualClock(new Date("2026-03-02T09:00:00+08:00")), { withDemoAccounts: false });
  });
  afterAll(() => database.dispose());
  const ctx = () => commandContext(database.db);

  it("reads the defaults", async () => {
    expect(await getTicketSettings(database.db)).toMatchObject({ numberPrefix: "", lockout: { maxFailures: 5, lockMinutes: 15 } });
    expect((await getTicketSettings(database.db)).suspendReasons.length).toBeGreaterThan(0);
  });

  it("sets the number prefix, upper-cased, with a before/after", async () => {
    expect(await updateNumberPrefix(ctx(), " wd-1 ")).toBe("WD-1");
    expect((await getTicketSettings(database.db)).numberPrefix).toBe("WD-1");
    await updateNumberPrefix(ctx(), "");
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.targetId, "tickets.number_prefix"));
    expect(audit.map((a) => a.detail)).toEqual([
      { from: "", to: "WD-1" },
      { from: "WD-1", to: "" },
    ]);
    for (const bad of ["TOOLONGPREFIX", "A B", "编号", "A_B"]) {
      await expect(updateNumberPrefix(ctx(), bad)).rejects.toMatchObject({ code: "number_prefix_invalid", status: 400, field: "numberPrefix" });
    }
  });

  it("sets the suspend reasons", async () => {
    await updateSuspendReasons(ctx(), ["等待市民补充材料", "  需第三方鉴定  "]);
    expect((await getTicketSettings(database.db)).suspendReasons).toEqual(["等待市民补充材料", "需第三方鉴定"]);
    await expect(updateSuspendReasons(ctx(), [])).rejects.toMatchObject({ code: "suspend_reasons_empty", status: 400 });
    await expect(updateSuspendReasons(ctx(), ["甲"])).rejects.toMatchObject({ code: "suspend_reason_text_invalid", status: 400 });
    await expect(updateSuspendReasons(ctx(), ["重复原因", "重复原因"])).rejects.toMatchObject({ code: "suspend_reasons_duplicate", params: { reason: "重复原因" } });
    await expect(updateSuspendReasons(ctx(), Array.from({ length: 21 }, (_, i) => `原因${i}`))).rejects.toMatchObject({ code: "suspend_reasons_too_many" });
  });

  it("sets the lock-out policy the sign-in uses", async () => {
    await updateLockoutPolicy(ctx(), { maxFailures: 3, lockMinutes: 30 });
    expect(await getLockoutPolicy(database.db)).toEqual({ maxFailures: 3, lockMinutes: 30 });
    await expect(updateLockoutPolicy(ctx(), { maxFailures: 0, lockMinutes: 30 })).rejects.toMatchObject({ code: "lockout_max_failures_invalid", status: 400 });
    await expect(updateLockoutPolicy(ctx(), { maxFailures: 3, lockMinutes: Number.NaN })).rejects.toMatchObject({ code: "lockout_minutes_invalid", status: 400 });
    await expect(updateLockoutPolicy(ctx(), { maxFailures: 3, lockMinutes: 1441 })).rejects.toMatchObject({ code: "lockout_minutes_invalid", status: 400 });
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.targetId, "auth.lockout"));
    expect(audit).toMatchObject({ action: "settings.update", targetLabel: "登录锁定策略", detail: { from: { maxFailures: 5, lockMinutes: 15 }, to: { maxFailures: 3, lockMinutes: 30 } } });
  });
});
