import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, categories, timeLimitRules } from "~/db/schema";
import { manualClock } from "~/domain/clock";
import { seedOnFirstStart } from "~/domain/setup/seed";
import { findTimeLimitRule } from "~/domain/tickets/time-limits";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { commandContext } from "~/tests/helpers/staff";
import {
  applicabilityMatrix,
  createTimeLimitRule,
  deleteTimeLimitRule,
  isCatchAll,
  listTimeLimitRules,
  type TimeLimitRuleInput,
  updateTimeLimitRule,
} from "./time-limit-rules";

const base: TimeLimitRuleInput = {
  name: "规则",
  requestType: null,
  urgency: null,
  categoryId: null,
  dispatchValue: 24,
  dispatchUnit: "hours",
  signValue: 4,
  signUnit: "working_hours",
  handleValue: 5,
  handleUnit: "working_days",
};

describe.each(testEngines)("time-limit rules on %s", (engine) => {
  let database: TestDatabase;
  let waterId: number;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await seedOnFirstStart(database, manualClock(new Date("2026-03-02T09:00:00+08:00")), { withDemoAccounts: false });
    waterId = (await database.db.select({ id: categories.id }).from(categories).where(eq(categories.code, "0401")))[0]!.id;
  });
  afterAll(() => database.dispose());
  const ctx = () => commandContext(database.db);

  it("lists the seeded rules, most specific first, the catch-all last", async () => {
    const rules = await listTimeLimitRules(database.db);
    expect(rules.length).toBeGreaterThanOrEqual(9);
    expect(rules.at(-1)).toMatchObject({ name: "默认", specificity: 0 });
    expect(isCatchAll(rules.at(-1)!)).toBe(true);
    const scores = rules.map((r) => r.specificity);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("creates a category rule that beats urgency and type, and audits it", async () => {
    const rule = await createTimeLimitRule(ctx(), { ...base, name: "供水专项", categoryId: waterId, handleValue: 2 });
    expect(await findTimeLimitRule(database.db, { requestType: "complaint", urgency: "emergency", categoryId: waterId })).toMatchObject({ id: rule.id });
    const matrix = applicabilityMatrix(await database.db.select().from(timeLimitRules));
    const complaintRow = matrix.find((r) => r.requestType === "complaint")!;
    expect(complaintRow.byUrgency.map((c) => c.rule?.name)).toEqual(["一般投诉", "加急（水电气暖、极端天气）", "紧急（危及生命财产安全）"]);
    const listed = (await listTimeLimitRules(database.db)).find((r) => r.id === rule.id)!;
    expect(listed).toMatchObject({ categoryCode: "0401", categoryName: "供水", specificity: 4 });
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.targetId, `time_limit_rules/${rule.id}`));
    expect(audit).toMatchObject({ action: "time_limit_rule.create", targetType: "setting" });
  });

  it("updates a rule with a before/after in the audit log", async () => {
    const [complaint] = await database.db.select().from(timeLimitRules).where(eq(timeLimitRules.name, "一般投诉"));
    const updated = await updateTimeLimitRule(ctx(), complaint!.id, { ...complaint!, handleValue: 10 });
    expect(updated.handleValue).toBe(10);
    const [audit] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "time_limit_rule.update"), eq(auditLog.targetId, `time_limit_rules/${complaint!.id}`)));
    expect(audit!.detail).toEqual({ handleValue: { from: 7, to: 10 } });
  });

  it.each([
    [{ handleValue: 0 }, "time_limit_value_invalid"],
    [{ signValue: 2.5 }, "time_limit_value_invalid"],
    [{ dispatchValue: Number.NaN }, "time_limit_value_invalid"],
    [{ handleValue: 10_001 }, "time_limit_value_invalid"],
    [{ handleUnit: "days" }, "time_limit_unit_invalid"],
    [{ name: " " }, "time_limit_name_invalid"],
    [{ requestType: "gossip" }, "request_type_invalid"],
    [{ urgency: "whenever" }, "urgency_invalid"],
    [{ categoryId: 999_999 }, "category_invalid"],
  ])("refuses %j with 400", async (patch, code) => {
    await expect(createTimeLimitRule(ctx(), { ...base, requestType: "praise", urgency: "urgent", ...patch } as TimeLimitRuleInput)).rejects.toMatchObject({ code, status: 400 });
  });

  it("refuses a second rule with the same keys (409)", async () => {
    await expect(createTimeLimitRule(ctx(), { ...base, requestType: "consultation" })).rejects.toMatchObject({ code: "time_limit_rule_duplicate", status: 409 });
  });

  it("never loses the catch-all: it cannot be deleted or narrowed, other rules can be deleted", async () => {
    const [catchAll] = (await database.db.select().from(timeLimitRules)).filter(isCatchAll);
    await expect(deleteTimeLimitRule(ctx(), catchAll!.id)).rejects.toMatchObject({ code: "time_limit_catch_all_required", status: 409 });
    await expect(updateTimeLimitRule(ctx(), catchAll!.id, { ...catchAll!, urgency: "normal" })).rejects.toMatchObject({ code: "time_limit_catch_all_required", status: 409 });
    // Renaming or changing its limits is fine.
    await updateTimeLimitRule(ctx(), catchAll!.id, { ...catchAll!, name: "默认（兜底）", handleValue: 8 });

    // A second catch-all would be a duplicate of the first, so there is always exactly one.
    await expect(createTimeLimitRule(ctx(), base)).rejects.toMatchObject({ code: "time_limit_rule_duplicate", status: 409 });
    const [consultation] = await database.db.select().from(timeLimitRules).where(eq(timeLimitRules.name, "一般咨询"));
    await deleteTimeLimitRule(ctx(), consultation!.id);
    await expect(deleteTimeLimitRule(ctx(), consultation!.id)).rejects.toMatchObject({ code: "time_limit_rule_not_found", status: 404 });
    expect((await database.db.select().from(timeLimitRules)).filter(isCatchAll)).toHaveLength(1);
    const [deleted] = await database.db.select().from(auditLog).where(eq(auditLog.action, "time_limit_rule.delete"));
    expect(deleted!.detail).toMatchObject({ before: { name: "一般咨询", handleValue: 3 } });
  });
});
