import { afterAll, beforeAll, describe, expect, it } from "vitest";
import routes from "~/app/routes";
import { DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import { type RunningServer, startServerOn } from "~/tests/helpers/app-server";
import { testEngines } from "~/tests/helpers/databases";
import { Client } from "~/tests/helpers/http-client";

/** Whether the lead has registered a route file in app/routes.ts yet. */
function routeRegistered(file: string): boolean {
  return JSON.stringify(routes).includes(file);
}

function match(html: string, pattern: RegExp): string {
  const found = pattern.exec(html);
  if (!found) throw new Error(`${pattern} not found in the page`);
  return found[1]!;
}

/** Everything a time-limit rule form posts, with the given changes. */
const ruleForm = (patch: Record<string, string>) => ({
  name: "一般投诉",
  requestType: "complaint",
  urgency: "",
  categoryId: "",
  dispatchValue: "24",
  dispatchUnit: "hours",
  signValue: "4",
  signUnit: "working_hours",
  handleValue: "7",
  handleUnit: "working_days",
  ...patch,
});

describe.each(testEngines)("administrators keep rule data over HTTP on %s", (engine) => {
  let server: RunningServer;
  let admin: Client;

  beforeAll(async () => {
    server = await startServerOn(engine);
    admin = new Client(server.baseUrl);
    expect((await admin.signIn("admin", DEMO_PASSWORD)).status).toBe(302);
  });
  afterAll(() => server?.stop());

  const page = async (path: string) => {
    const response = await admin.get(path);
    expect(response.status, path).toBe(200);
    return response.text();
  };

  it("changes a time-limit rule, refuses bad input with 400 and the catch-all's deletion with 409", async () => {
    const html = await page("/admin/time-limits");
    expect(html).toContain("诉求分类 &gt; 紧急程度 &gt; 诉求类型");
    expect(html).toContain("各类工单实际适用的规则");
    const id = match(html, /id="rule-(\d+)"><td>一般投诉</);
    const catchAllId = match(html, /id="rule-(\d+)"><td>默认</);

    const saved = await admin.post("/admin/time-limits", { intent: "update", id, ...ruleForm({ handleValue: "10" }) });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/admin/time-limits?notice=updated");
    const after = await page("/admin/time-limits?notice=updated");
    expect(after).toContain("时限规则已保存。");
    expect(after).toMatch(new RegExp(`id="rule-${id}"><td>一般投诉</td>.*?10 工作日`));

    for (const patch of [{ handleValue: "0" }, { handleValue: "abc" }, { signValue: "" }] as Record<string, string>[]) {
      const refused = await admin.post("/admin/time-limits", { intent: "update", id, ...ruleForm(patch) });
      expect(refused.status, JSON.stringify(patch)).toBe(400);
      expect(await refused.text()).toContain("时限须为 1–10000 之间的整数。");
    }
    const badUnit = await admin.post("/admin/time-limits", { intent: "update", id, ...ruleForm({ handleUnit: "fortnights" }) });
    expect(badUnit.status).toBe(400);
    expect(await badUnit.text()).toContain("请选择时限单位。");

    const created = await admin.post("/admin/time-limits", { intent: "create", ...ruleForm({ name: "紧急投诉", urgency: "emergency", handleValue: "2", handleUnit: "hours" }) });
    expect(created.status).toBe(302);
    expect(await page("/admin/time-limits")).toContain("紧急投诉");

    const lastCatchAll = await admin.post("/admin/time-limits", { intent: "delete", id: catchAllId });
    expect(lastCatchAll.status).toBe(409);
    expect(await lastCatchAll.text()).toContain("必须保留至少一条");
  });

  it("adds a holiday and shows it on the calendar page; refuses the same date twice", async () => {
    const before = await page("/admin/calendar?year=2026");
    // The seeded Spring Festival is on the chart.
    expect(before).toMatch(/class="day-holiday"[^>]*data-day="2026-02-16"/);
    expect(before).toMatch(/class="day-workday"[^>]*data-day="2026-02-14"/);
    expect(before).toMatch(/class="day-weekend"[^>]*data-day="2026-03-07"/);

    const added = await admin.post("/admin/calendar?year=2026", { intent: "add", day: "2026-03-20", kind: "holiday", name: "测试放假" });
    expect(added.status).toBe(302);
    expect(added.headers.get("location")).toBe("/admin/calendar?year=2026&notice=added");
    const after = await page("/admin/calendar?year=2026");
    expect(after).toMatch(/class="day-holiday" title="2026-03-20 测试放假（节假日休息）" data-day="2026-03-20"/);
    expect(after).toContain("<td>测试放假</td>");

    const twice = await admin.post("/admin/calendar?year=2026", { intent: "add", day: "2026-03-20", kind: "workday", name: "调休" });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain("同一天不能既休又班");

    const removed = await admin.post("/admin/calendar?year=2026", { intent: "remove", id: "2026-03-20", day: "2026-03-20" });
    expect(removed.status).toBe(302);
    expect(await page("/admin/calendar?year=2026")).not.toContain("测试放假");
  });

  it("bulk-imports a year's arrangement and refuses a date that is both", async () => {
    const text = "2027-01-01 休 元旦\n2027-02-06~2027-02-12 休 春节\n2027-02-14 班 春节调休上班";
    const imported = await admin.post("/admin/calendar?year=2027", { intent: "import", year: "2027", text });
    expect(imported.status).toBe(302);
    expect(imported.headers.get("location")).toBe("/admin/calendar?year=2027&notice=imported-8-1");
    const html = await page("/admin/calendar?year=2027&notice=imported-8-1");
    expect(html).toContain("已导入：节假日 8 天，调休上班 1 天。");
    expect(html).toMatch(/class="day-holiday"[^>]*data-day="2027-02-08"/);
    expect(html).toMatch(/class="day-workday"[^>]*data-day="2027-02-14"/);
    // The import box holds the arrangement, folded into ranges, ready to edit.
    expect(html).toContain("2027-02-06~2027-02-12 休 春节");

    const both = await admin.post("/admin/calendar?year=2027", { intent: "import", year: "2027", text: "2027-05-01 休 劳动节\n2027-05-01 班 劳动节" });
    expect(both.status).toBe(400);
    expect(await both.text()).toContain("2027-05-01 在第 1 行和第 2 行被同时设为“休”和“班”");
    const garbage = await admin.post("/admin/calendar?year=2027", { intent: "import", year: "2027", text: "2027-05-01 休 劳动节\n五一放假" });
    expect(garbage.status).toBe(400);
    expect(await garbage.text()).toContain("第 2 行格式不正确");
  });

  it("edits the working periods, naming the problem when they are wrong", async () => {
    const overlap = await admin.post("/admin/calendar", { intent: "periods", start: ["09:00", "11:00", ""], end: ["12:00", "17:00", ""] });
    expect(overlap.status).toBe(400);
    expect(await overlap.text()).toContain("时段 09:00–12:00 与 11:00–17:00 重叠。");
    const badTime = await admin.post("/admin/calendar", { intent: "periods", start: ["9点"], end: ["12:00"] });
    expect(badTime.status).toBe(400);
    expect(await badTime.text()).toContain("时间“9点”格式不正确");
    const saved = await admin.post("/admin/calendar", { intent: "periods", start: ["13:00", "08:30", ""], end: ["17:00", "12:00", ""] });
    expect(saved.status).toBe(302);
    const html = await page("/admin/calendar");
    expect(html).toMatch(/name="start"[^>]*value="08:30"/);
    expect(html).toMatch(/name="start"[^>]*value="13:00"/);
  });

  it("adds a routing rule for a street and refuses the same one twice", async () => {
    const html = await page("/admin/routing");
    const categoryId = match(html, /<option value="(\d+)">[\u3000]*0201 噪声扰民<\/option>/);
    const departmentId = match(html, /<option value="(\d+)">区城管局<\/option>/);
    const rule = { intent: "create", categoryId, area: "建设路街道", departmentId };
    const created = await admin.post("/admin/routing", rule);
    expect(created.status).toBe(302);
    const after = await page("/admin/routing");
    expect(after).toMatch(/噪声扰民<\/td><td>建设路街道<\/td>/);
    const twice = await admin.post("/admin/routing", rule);
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain("已有分派规则");
    const noDepartment = await admin.post("/admin/routing", { ...rule, area: "别的街道", departmentId: "" });
    expect(noDepartment.status).toBe(400);
  });

  it("adds a category under a parent, deactivates it, and never deletes", async () => {
    const html = await page("/admin/categories");
    const parentId = match(html, /id="category-(\d+)" data-depth="1"><td><span[^>]*><strong>城乡建设<\/strong>/);
    const created = await admin.post("/admin/categories", { intent: "create", parentId, id: parentId, code: "0199", name: "电梯安全", sortOrder: "" });
    expect(created.status).toBe(302);
    const after = await page("/admin/categories");
    const id = match(after, /id="category-(\d+)" data-depth="2"><td><span[^>]*><span class="guide" aria-hidden="true">└<\/span>电梯安全/);

    const sameCode = await admin.post("/admin/categories", { intent: "create", parentId: "", code: "0199", name: "别的" });
    expect(sameCode.status).toBe(409);
    expect(await sameCode.text()).toContain("编码 0199 已被其他分类使用。");

    const parentFirst = await admin.post("/admin/categories", { intent: "deactivate", id: parentId });
    expect(parentFirst.status).toBe(409);
    expect(await parentFirst.text()).toContain("启用的下级分类");

    const deactivated = await admin.post("/admin/categories", { intent: "deactivate", id });
    expect(deactivated.status).toBe(302);
    expect(await page("/admin/categories")).toMatch(new RegExp(`id="category-${id}" class="inactive"`));

    const deleted = await admin.post("/admin/categories", { intent: "delete", id });
    expect(deleted.status).toBe(409);
    expect(await deleted.text()).toContain("分类不能删除");
  });

  it.skipIf(!routeRegistered("routes/admin/settings.tsx"))("changes the number prefix, suspend reasons and lock-out policy", async () => {
    expect(await page("/admin/settings")).toContain("办件编号前缀");
    expect((await admin.post("/admin/settings", { intent: "number-prefix", numberPrefix: "wd" })).status).toBe(302);
    expect(await page("/admin/settings")).toContain('value="WD"');
    const badPrefix = await admin.post("/admin/settings", { intent: "number-prefix", numberPrefix: "太长的前缀" });
    expect(badPrefix.status).toBe(400);
    expect((await admin.post("/admin/settings", { intent: "suspend-reasons", suspendReasons: "等待补充材料\n\n需要现场鉴定\n" })).status).toBe(302);
    expect(await page("/admin/settings")).toContain("等待补充材料\n需要现场鉴定");
    const badLockout = await admin.post("/admin/settings", { intent: "lockout", maxFailures: "0", lockMinutes: "15" });
    expect(badLockout.status).toBe(400);
    expect(await badLockout.text()).toContain("连续失败次数须为 1–100 之间的整数。");
    expect((await admin.post("/admin/settings", { intent: "lockout", maxFailures: "6", lockMinutes: "20" })).status).toBe(302);
  });

  it("records every change in the audit log", async () => {
    const html = await page("/admin/audit");
    for (const label of ["修改时限规则", "修改工作日历", "新增分派规则", "新增诉求分类", "修改诉求分类"]) expect(html).toContain(label);
  });
});
