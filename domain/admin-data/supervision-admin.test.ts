import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "~/db/schema";
import { manualClock } from "~/domain/clock";
import type { DomainError } from "~/domain/errors";
import { seedOnFirstStart } from "~/domain/setup/seed";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { commandContext } from "~/tests/helpers/staff";
import { firstInvalidCronField, listJobSchedules, updateJobSchedule } from "./job-schedules";
import { listSupervisionLevels, type SupervisionLevelInput, updateSupervisionLevel } from "./supervision-levels";

async function refusal(promise: Promise<unknown>) {
  const error = (await promise.then(
    () => null,
    (e: unknown) => e,
  )) as DomainError | null;
  if (!error) throw new Error("expected a refusal");
  return { status: error.status, code: error.code, params: error.params };
}

describe("cron expressions", () => {
  it.each(["* * * * *", "*/5 * * * *", "0 8-18/2 * * 1-5", "17 * * * *", "0,30 9 1 1,7 0", "59 23 31 12 7"])("accepts %s", (cron) => {
    expect(firstInvalidCronField(cron)).toBe(0);
  });
  it.each([
    ["* * * *", -1],
    ["* * * * * *", -1],
    ["60 * * * *", 1],
    ["* 24 * * *", 2],
    ["* * 0 * *", 3],
    ["* * * 13 *", 4],
    ["* * * * 8", 5],
    ["*/0 * * * *", 1],
    ["5-1 * * * *", 1],
    ["* * * JAN *", 4],
    ["a b c d e", 1],
  ])("refuses %s (field %i)", (cron, field) => {
    expect(firstInvalidCronField(cron)).toBe(field);
  });
});

describe.each(testEngines)("supervision rules and job schedules on %s", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await seedOnFirstStart(database, manualClock(new Date("2026-03-02T09:00:00+08:00")), { withDemoAccounts: false });
  });
  afterAll(() => database.dispose());
  const ctx = () => commandContext(database.db);

  const supervise = async (): Promise<SupervisionLevelInput> => {
    const rule = (await listSupervisionLevels(database.db)).find((l) => l.level === "supervise")!;
    return { hoursAfterDue: rule.hoursAfterDue, shareUsed: rule.shareUsed, addressee: rule.addressee, requiresResponse: rule.requiresResponse, noticeTemplate: rule.noticeTemplate, active: rule.active };
  };

  it("lists the seeded levels in escalation order", async () => {
    expect((await listSupervisionLevels(database.db)).map((l) => l.level)).toEqual(["warning", "overdue", "remind", "urge", "supervise", "circulate"]);
  });

  it("changes a level and audits what changed", async () => {
    const updated = await updateSupervisionLevel(ctx(), "supervise", { ...(await supervise()), hoursAfterDue: 48, addressee: "supervisor" });
    expect(updated).toMatchObject({ hoursAfterDue: 48, addressee: "supervisor" });
    const [audit] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, "supervision_level.update"), eq(auditLog.targetId, "supervise")));
    expect(audit).toMatchObject({ targetType: "supervision_level" });
    expect(audit!.detail).toEqual({ hoursAfterDue: { from: 72, to: 48 }, addressee: { from: "department_lead", to: "supervisor" } });
  });

  it("refuses bad rules with a 400 naming the field", async () => {
    const base = await supervise();
    expect(await refusal(updateSupervisionLevel(ctx(), "supervise", { ...base, hoursAfterDue: Number.NaN }))).toMatchObject({ status: 400, code: "supervision_hours_invalid" });
    expect(await refusal(updateSupervisionLevel(ctx(), "supervise", { ...base, hoursAfterDue: 10_000 }))).toMatchObject({ status: 400, code: "supervision_hours_invalid" });
    expect(await refusal(updateSupervisionLevel(ctx(), "supervise", { ...base, shareUsed: 0.5 }))).toMatchObject({ status: 400, code: "supervision_share_warning_only" });
    expect(await refusal(updateSupervisionLevel(ctx(), "warning", { ...base, shareUsed: 1.2 }))).toMatchObject({ status: 400, code: "supervision_share_invalid" });
    expect(await refusal(updateSupervisionLevel(ctx(), "supervise", { ...base, addressee: "mayor" as never }))).toMatchObject({ status: 400, code: "supervision_addressee_invalid" });
    expect(await refusal(updateSupervisionLevel(ctx(), "supervise", { ...base, noticeTemplate: "短" }))).toMatchObject({ status: 400, code: "supervision_template_invalid" });
    expect(await refusal(updateSupervisionLevel(ctx(), "supervise", { ...base, noticeTemplate: "工单{number}请{departmnet}回复" }))).toMatchObject({
      status: 400,
      code: "supervision_template_placeholder",
      params: { name: "{departmnet}" },
    });
    expect(await refusal(updateSupervisionLevel(ctx(), "nonsense" as never, base))).toMatchObject({ status: 404, code: "supervision_level_not_found" });
  });

  it("changes a job's schedule, normalising spaces, and audits it", async () => {
    const updated = await updateJobSchedule(ctx(), "deadline-sweep", { cron: " */2   *  * * * ", active: false });
    expect(updated).toMatchObject({ cron: "*/2 * * * *", active: false });
    expect((await listJobSchedules(database.db)).find((j) => j.job === "deadline-sweep")).toMatchObject({ cron: "*/2 * * * *", active: false });
    const [audit] = await database.db.select().from(auditLog).where(and(eq(auditLog.action, "job_schedule.update"), eq(auditLog.targetId, "deadline-sweep")));
    expect(audit!.detail).toEqual({ cron: { from: "* * * * *", to: "*/2 * * * *" }, active: { from: true, to: false } });
  });

  it("refuses a malformed cron expression or an unknown job", async () => {
    expect(await refusal(updateJobSchedule(ctx(), "deadline-sweep", { cron: "* * * *", active: true }))).toMatchObject({ status: 400, code: "cron_field_count" });
    expect(await refusal(updateJobSchedule(ctx(), "deadline-sweep", { cron: "* 25 * * *", active: true }))).toMatchObject({ status: 400, code: "cron_field_invalid", params: { field: 2 } });
    expect(await refusal(updateJobSchedule(ctx(), "no-such-job", { cron: "* * * * *", active: true }))).toMatchObject({ status: 404, code: "job_schedule_not_found" });
  });
});
