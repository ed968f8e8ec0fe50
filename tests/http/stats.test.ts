import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoAccounts, DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import { type RunningServer, startServerOn } from "~/tests/helpers/app-server";
import { testEngines } from "~/tests/helpers/databases";
import { Client } from "~/tests/helpers/http-client";

type Role = (typeof demoAccounts)[number]["role"];
const ROLES = demoAccounts.map((a) => a.role);
const STATS_ROLES: Partial<Record<Role, number>> = { supervisor: 200, department_lead: 200, administrator: 200 };

/**
 * 统计 over HTTP: who may open each statistics page, a department lead sees only its own unit,
 * every malformed parameter is a 400, the exports (CSV with BOM, XLSX) and the printable report,
 * the administrator's 立即更新 and the rate-definition form. The rates themselves are checked
 * against hand-computed values in domain/stats/rates.test.ts.
 */
describe.each(testEngines)("statistics pages on %s", (engine) => {
  let server: RunningServer;
  const as = new Map<Role, Client>();
  const client = (role: Role) => as.get(role)!;
  const text = async (response: Response) => response.text();
  let cgj: string;
  let zjj: string;
  let cgjTicket: string;
  let zjjTicket: string;

  const createAndDispatch = async (title: string, departmentId: string) => {
    const intake = await text(await client("operator").get("/intake"));
    const categoryId = /value="(\d+)"[^>]*>违法建设</.exec(intake)![1]!;
    const created = await text(
      await client("operator").post("/intake", {
        categoryId,
        channel: "phone",
        citizenPhone: "13600003333",
        citizenName: "市民戊",
        requestType: "complaint",
        urgency: "normal",
        title,
        description: "用于检查统计页面的排名、下钻与导出。",
      }),
    );
    const id = /href="\/tickets\/(\d+)"/.exec(created)?.[1];
    if (!id) throw new Error(`intake did not create the ticket:\n${created.slice(0, 2000)}`);
    expect((await client("dispatcher").post("/dispatch", { intent: "dispatch", ticketId: id, leadDepartmentId: departmentId })).status).toBe(200);
    return id;
  };

  beforeAll(async () => {
    server = await startServerOn(engine);
    for (const account of demoAccounts) {
      const c = new Client(server.baseUrl);
      expect((await c.signIn(account.username, DEMO_PASSWORD)).status, account.username).toBe(302);
      as.set(account.role, c);
    }
    const departments = await text(await client("administrator").get("/admin/departments"));
    const idOf = (code: string) => /\/admin\/departments\/(\d+)/.exec(departments.slice(departments.indexOf(`<code>${code}</code>`)))![1]!;
    cgj = idOf("CGJ");
    zjj = idOf("ZJJ");
    cgjTicket = await createAndDispatch("统计测试城管工单", cgj);
    zjjTicket = await createAndDispatch("统计测试住建工单", zjj);
    // The demo handler works for 区城管局: signing within the limit makes its 响应率 100 %.
    expect((await client("department_handler").post(`/tickets/${cgjTicket}`, { intent: "sign" })).status).toBe(302);
  });
  afterAll(() => server?.stop());

  it("a fresh install shows no figures until the administrator's 立即更新 runs the rollup", async () => {
    const before = await text(await client("supervisor").get("/stats"));
    expect(before).toContain("尚未生成统计数据。");
    expect(before).toContain("所选期间没有已派单的工单，暂无排名。");
    expect(before).not.toContain("立即更新");
    expect(await text(await client("administrator").get("/stats"))).toContain("立即更新");

    for (const role of ["supervisor", "department_lead", "operator", "dispatcher", "department_handler"] as const) {
      expect((await client(role).post("/stats", { intent: "refresh" })).status, role).toBe(403);
    }
    expect((await client("administrator").post("/stats", { intent: "nonsense" })).status).toBe(400);
    const refreshed = await client("administrator").post("/stats", { intent: "refresh", from: "2026-01-01", to: "2026-01-31" });
    expect(refreshed.status).toBe(302);
    expect(refreshed.headers.get("location")).toMatch(/^\/stats\?from=2026-01-01&to=2026-01-31&refreshed=\d+$/);
    const back = await client("administrator").post("/stats", { intent: "refresh" });
    expect(back.headers.get("location")).toMatch(/^\/stats\?refreshed=\d+$/);
    const page = await text(await client("administrator").get(back.headers.get("location")!));
    expect(page).toMatch(/统计数据已更新（重算 \d+ 天）。/);
    expect(page).toMatch(/数据更新于 \d{4}\/\d{2}\/\d{2}/);
  });

  it("GET each statistics route: supervisor, lead and administrator 200, other roles 403, signed out to sign-in", async () => {
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const matrix: [string, Partial<Record<Role, number>>][] = [
      ["/stats", STATS_ROLES],
      ["/stats?from=2026-01-01&to=2026-01-31", STATS_ROLES],
      [`/stats/tickets?department=${cgj}&measure=received`, STATS_ROLES],
      ["/stats/export.csv", STATS_ROLES],
      ["/stats/export.xlsx", STATS_ROLES],
      [`/stats/report?month=${month}`, STATS_ROLES],
      ["/stats/report", STATS_ROLES],
      ["/admin/stats-definitions", { administrator: 200 }],
    ];
    for (const [path, allowed] of matrix) {
      for (const role of ROLES) {
        expect((await client(role).get(path)).status, `${role} GET ${path}`).toBe(allowed[role] ?? 403);
      }
      const anonymous = await new Client(server.baseUrl).get(path);
      expect(anonymous.status, `anonymous GET ${path}`).toBe(302);
      expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    }
    expect((await new Client(server.baseUrl).post("/stats", { intent: "refresh" })).status).toBe(302);
  });

  it("supervisors see every department; a lead only its own, and not another's drill-down", async () => {
    const all = await text(await client("supervisor").get("/stats"));
    expect(all).toContain("区城管局");
    expect(all).toContain("区住建局");
    expect(all).toContain(`/stats/tickets?department=${cgj}&amp;from=`);
    expect(all).toMatch(/<svg[^>]*role="img"[^>]*aria-label="全部单位 [^"]*每日响应率、解决率、满意率折线图"/);
    expect(all).toContain("满意率 = 非常满意+满意+基本满意 ÷ 参评数（逾期未评价按默认评价计入）");
    expect(all).toContain("以表格查看每日数值");

    const lead = await text(await client("department_lead").get("/stats"));
    expect(lead).toContain("统计 · 区城管局");
    expect(lead).toContain(`/stats/tickets?department=${cgj}&amp;`);
    expect(lead).not.toContain("区住建局");
    expect(lead).not.toContain(`department=${zjj}`);
    // The lead's trend is its own; a trend parameter cannot widen it.
    expect(await text(await client("department_lead").get(`/stats?trend=${zjj}`))).not.toContain("区住建局");

    const drill = await text(await client("department_lead").get(`/stats/tickets?department=${cgj}&measure=received`));
    expect(drill).toContain(`href="/tickets/${cgjTicket}"`);
    expect(drill).toContain("统计测试城管工单");
    const foreign = await client("department_lead").get(`/stats/tickets?department=${zjj}&measure=received`);
    expect(foreign.status).toBe(403);
    expect(await text(foreign)).not.toContain("统计测试住建工单");

    const centre = await text(await client("supervisor").get(`/stats/tickets?department=${zjj}&measure=received`));
    expect(centre).toContain(`href="/tickets/${zjjTicket}"`);
    expect(centre).toContain("第 1 / 1 页，共 1 条");
    // Signed on time: nothing behind "signed late".
    expect(await text(await client("supervisor").get(`/stats/tickets?department=${cgj}&measure=signed_late`))).toContain("没有符合条件的工单。");
    // Administrators get the figures, not the complaints.
    const admin = await text(await client("administrator").get(`/stats/tickets?department=${cgj}&measure=received`));
    expect(admin).toContain("管理员账号不查看工单明细");
    expect(admin).not.toContain(`href="/tickets/${cgjTicket}"`);

    const trend = await text(await client("supervisor").get(`/stats?trend=${zjj}`));
    expect(trend).toMatch(/aria-label="区住建局 [^"]*折线图"/);
  });

  it("refuses malformed parameters with a 400 that says what is wrong", async () => {
    const cases: [string, string][] = [
      ["/stats/tickets?measure=received", "单位参数无效"],
      ["/stats/tickets?department=abc&measure=received", "单位参数无效"],
      ["/stats/tickets?department=-3&measure=received", "单位参数无效"],
      ["/stats/tickets?department=999999&measure=received", "所选单位不存在"],
      [`/stats/tickets?department=${cgj}&measure=bogus`, "统计项参数无效"],
      [`/stats/tickets?department=${cgj}&measure=received&from=2026-13-01&to=2026-12-31`, "起始日期格式不正确"],
      [`/stats/tickets?department=${cgj}&measure=received&from=2026-02-01&to=2026-02-30`, "截止日期格式不正确"],
      [`/stats/tickets?department=${cgj}&measure=received&from=2026-03-01&to=2026-02-01`, "起始日期不能晚于截止日期"],
      [`/stats/tickets?department=${cgj}&measure=received&from=2024-01-01&to=2026-01-01`, "统计期间最长 366 天"],
      [`/stats/tickets?department=${cgj}&measure=received&page=0`, "页码参数无效"],
      [`/stats/tickets?department=${cgj}&measure=received&page=x`, "页码参数无效"],
      ["/stats?from=2026-01-01", "请同时填写起始日期和截止日期"],
      ["/stats?from=yesterday&to=today", "起始日期格式不正确"],
      ["/stats?trend=abc", "单位参数无效"],
      ["/stats?trend=999999", "所选单位不存在"],
      ["/stats/report?month=2026-13", "月份格式不正确"],
      ["/stats/report?month=202611", "月份格式不正确"],
      ["/stats/export.csv?from=2026-01-01&to=x", "截止日期格式不正确"],
      ["/stats/export.xlsx?from=2026-02-01&to=2026-01-01", "起始日期不能晚于截止日期"],
    ];
    for (const [path, message] of cases) {
      const response = await client("supervisor").get(path);
      expect(response.status, path).toBe(400);
      expect(await text(response), path).toContain(message);
    }
  });

  it("exports the ranking as CSV with a BOM and as XLSX, for the chosen period and scope", async () => {
    const csv = await client("supervisor").get("/stats/export.csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="stats-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).slice(1).trimEnd().split("\r\n");
    expect(lines[0]).toBe("排名,承办单位,单位编码,受理量,已签收,按时签收,响应率(%),回答是否解决,已解决,解决率(%),参评数,满意率(%),已答复,按时答复,按时办结率(%),返工工单,整改轮次,综合得分");
    const rowOf = (name: string) => lines.find((l) => l.split(",")[1] === name)?.split(",");
    // 区城管局: 1 received, signed on time → 响应率 100.0, score 100.0 (the only rate present).
    expect(rowOf("区城管局")).toEqual(["1", "区城管局", "CGJ", "1", "1", "1", "100.0", "0", "0", "", "0", "", "0", "0", "", "0", "0", "100.0"]);
    expect(rowOf("区住建局")).toEqual(["2", "区住建局", "ZJJ", "1", "0", "0", "", "0", "0", "", "0", "", "0", "0", "", "0", "0", ""]);
    expect(lines).toHaveLength(3);

    const leadCsv = new TextDecoder().decode(await (await client("department_lead").get("/stats/export.csv")).arrayBuffer());
    expect(leadCsv).toContain("区城管局");
    expect(leadCsv).not.toContain("区住建局");
    const empty = new TextDecoder().decode(await (await client("supervisor").get("/stats/export.csv?from=2020-01-01&to=2020-01-31")).arrayBuffer());
    expect(empty.trimEnd().split("\r\n")).toHaveLength(1);

    const xlsx = await client("supervisor").get("/stats/export.xlsx");
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(xlsx.headers.get("content-disposition")).toMatch(/filename="stats-[\d-]+_[\d-]+\.xlsx"/);
    const file = Buffer.from(await xlsx.arrayBuffer());
    expect(file.subarray(0, 2).toString("latin1")).toBe("PK");
    expect(file.length).toBeGreaterThan(1000);
  });

  it("renders the printable monthly report without the workspace navigation", async () => {
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const report = await text(await client("supervisor").get(`/stats/report?month=${month}`));
    expect(report).toContain("12345 政务服务便民热线");
    expect(report).toContain(`${month.slice(0, 4)} 年 ${Number(month.slice(5))} 月 三率统计月报`);
    expect(report).toContain("范围：全部承办单位");
    expect(report).toContain("区城管局");
    expect(report).toMatch(/<svg[^>]*role="img"/);
    expect(report).toContain("满意率 = 非常满意+满意+基本满意 ÷ 参评数");
    expect(report).toMatch(/生成时间：\d{4}\/\d{2}\/\d{2}/);
    expect(report).not.toContain('class="main-nav"');
    expect(report).not.toContain("/stats/tickets?");
    const lead = await text(await client("department_lead").get(`/stats/report?month=${month}`));
    expect(lead).toContain("承办单位：区城管局");
    expect(lead).not.toContain("区住建局");
  });

  it("administrators change the rate definitions with validation; the pages follow at once", async () => {
    const admin = client("administrator");
    const form = await text(await admin.get("/admin/stats-definitions"));
    expect(form).toContain('name="satisfiedLevels"');
    expect(form).toContain("统计口径");
    const post = (patch: Record<string, string | string[]>) =>
      admin.post("/admin/stats-definitions", { intent: "definitions", satisfiedLevels: ["5", "4", "3"], includeDefaulted: "on", weightResponse: "1", weightResolution: "1", weightSatisfaction: "1", ...patch });

    const noLevels = await post({ satisfiedLevels: [] });
    expect(noLevels.status).toBe(400);
    expect(await text(noLevels)).toContain("请至少选择一个计为满意的评价等级。");
    const badWeight = await post({ weightResponse: "abc" });
    expect(badWeight.status).toBe(400);
    expect(await text(badWeight)).toContain("权重须为 0–10 之间的数字。");
    const zero = await post({ weightResponse: "0", weightResolution: "0", weightSatisfaction: "0" });
    expect(zero.status).toBe(400);
    expect(await text(zero)).toContain("三项权重不能全为 0。");
    expect((await post({ satisfiedLevels: ["7"] })).status).toBe(400);
    for (const role of ["supervisor", "department_lead"] as const) {
      expect((await client(role).post("/admin/stats-definitions", { intent: "definitions" })).status, role).toBe(403);
    }

    const saved = await post({ satisfiedLevels: ["5", "4"], includeDefaulted: [], weightResponse: "2" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/admin/stats-definitions?notice=saved");
    expect(await text(await admin.get("/admin/stats-definitions?notice=saved"))).toContain("统计口径已保存。");
    const stats = await text(await client("supervisor").get("/stats"));
    expect(stats).toContain("满意率 = 非常满意+满意 ÷ 参评数（逾期未评价的默认评价不计入）");
    expect(stats).toContain("响应率×2");
    const audit = await text(await admin.get("/admin/audit"));
    expect(audit).toContain("<td>统计口径</td>");
    expect(audit).toContain("修改配置");
  });
});
