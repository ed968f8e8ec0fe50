import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, categories, departments, routingRules } from "~/db/schema";
import { manualClock } from "~/domain/clock";
import { updateDepartment } from "~/domain/departments";
import { seedOnFirstStart } from "~/domain/setup/seed";
import { suggestDepartment, suggestDepartmentsForTickets } from "~/domain/tickets/routing";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { commandContext } from "~/tests/helpers/staff";
import { createRoutingRule, deleteRoutingRule, listRoutingRules, updateRoutingRuleDepartment } from "./routing-rules";

describe.each(testEngines)("routing rules on %s", (engine) => {
  let database: TestDatabase;
  let noise: number;
  let other: number;
  const dept: Record<string, number> = {};
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await seedOnFirstStart(database, manualClock(new Date("2026-03-02T09:00:00+08:00")), { withDemoAccounts: false });
    const cat = async (code: string) => (await database.db.select({ id: categories.id }).from(categories).where(eq(categories.code, code)))[0]!.id;
    noise = await cat("0201");
    other = await cat("99");
    for (const d of await database.db.select().from(departments)) dept[d.code] = d.id;
  });
  afterAll(() => database.dispose());
  const ctx = () => commandContext(database.db);

  it("lists the seeded rules with names, district-wide rules first within a category", async () => {
    const rules = await listRoutingRules(database.db);
    expect(rules).toHaveLength(21);
    expect(rules[0]).toMatchObject({ categoryCode: "0101", area: null, departmentActive: true });
    expect(rules.find((r) => r.categoryId === noise)).toMatchObject({ categoryName: "噪声扰民", area: null });
  });

  it("adds an area rule that beats the district-wide one, then changes and removes it", async () => {
    const rule = await createRoutingRule(ctx(), { categoryId: noise, area: "  建设路街道 ", departmentId: dept.CGJ! });
    expect(rule.area).toBe("建设路街道");
    expect(await suggestDepartment(database.db, { categoryId: noise, area: "建设路街道" })).toBe(dept.CGJ);
    expect(await suggestDepartment(database.db, { categoryId: noise, area: "别的街道" })).toBe(dept.STHJ);
    // A page of tickets in one query gives each ticket what it gets alone.
    const page = [
      { categoryId: noise, area: "建设路街道" },
      { categoryId: noise, area: null },
      { categoryId: null, area: "建设路街道" },
      { categoryId: other, area: null },
      { categoryId: noise, area: "别的街道" },
    ];
    expect(await suggestDepartmentsForTickets(database.db, page)).toEqual([dept.CGJ, dept.STHJ, null, null, dept.STHJ]);
    expect(await suggestDepartmentsForTickets(database.db, [])).toEqual([]);
    await updateRoutingRuleDepartment(ctx(), rule.id, { departmentId: dept.ZJJ! });
    expect(await suggestDepartment(database.db, { categoryId: noise, area: "建设路街道" })).toBe(dept.ZJJ);
    await deleteRoutingRule(ctx(), rule.id);
    expect(await suggestDepartment(database.db, { categoryId: noise, area: "建设路街道" })).toBe(dept.STHJ);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.targetId, `routing_rules/${rule.id}`));
    expect(audit.map((a) => a.action)).toEqual(["routing_rule.create", "routing_rule.update", "routing_rule.delete"]);
    expect(audit[1]!.detail).toMatchObject({ department: { to: expect.any(String) } });
  });

  it("keeps one rule per category and area (409)", async () => {
    await expect(createRoutingRule(ctx(), { categoryId: noise, area: "", departmentId: dept.CGJ! })).rejects.toMatchObject({ code: "routing_rule_exists", status: 409 });
    await createRoutingRule(ctx(), { categoryId: other, area: null, departmentId: dept.CGJ! });
    await expect(createRoutingRule(ctx(), { categoryId: other, area: null, departmentId: dept.ZJJ! })).rejects.toMatchObject({ code: "routing_rule_exists", status: 409 });
    await createRoutingRule(ctx(), { categoryId: other, area: "东街", departmentId: dept.ZJJ! });
    await expect(createRoutingRule(ctx(), { categoryId: other, area: "东街", departmentId: dept.ZJJ! })).rejects.toMatchObject({ code: "routing_rule_exists", status: 409 });
  });

  it("refuses bad input and inactive departments", async () => {
    await expect(createRoutingRule(ctx(), { categoryId: 999_999, area: null, departmentId: dept.CGJ! })).rejects.toMatchObject({ code: "category_invalid", status: 400 });
    await expect(createRoutingRule(ctx(), { categoryId: Number.NaN, area: null, departmentId: dept.CGJ! })).rejects.toMatchObject({ code: "category_invalid", status: 400 });
    await expect(createRoutingRule(ctx(), { categoryId: other, area: "x".repeat(51), departmentId: dept.CGJ! })).rejects.toMatchObject({ code: "area_invalid", status: 400 });
    await expect(createRoutingRule(ctx(), { categoryId: other, area: "西街", departmentId: 999_999 })).rejects.toMatchObject({ code: "department_invalid", status: 400 });
    const [rs] = await database.db.select().from(departments).where(eq(departments.code, "RSJ"));
    await updateDepartment(ctx(), rs!.id, { name: rs!.name, code: rs!.code, contactPhone: rs!.contactPhone, active: false });
    await expect(createRoutingRule(ctx(), { categoryId: other, area: "西街", departmentId: rs!.id })).rejects.toMatchObject({ code: "department_invalid", status: 400 });
    const [rule] = await database.db.select().from(routingRules).where(eq(routingRules.departmentId, rs!.id));
    expect((await listRoutingRules(database.db)).find((r) => r.id === rule!.id)).toMatchObject({ departmentActive: false });
    await expect(updateRoutingRuleDepartment(ctx(), rule!.id, { departmentId: rs!.id })).rejects.toMatchObject({ code: "department_invalid" });
    await expect(deleteRoutingRule(ctx(), 999_999)).rejects.toMatchObject({ code: "routing_rule_not_found", status: 404 });
  });
});
