import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoAccounts, DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import { type RunningServer, startServerOn } from "~/tests/helpers/app-server";
import { testEngines } from "~/tests/helpers/databases";
import { Client } from "~/tests/helpers/http-client";

type Role = (typeof demoAccounts)[number]["role"];
const ROLES = demoAccounts.map((a) => a.role);

/**
 * 督办 over HTTP: who may open each supervision page, a unit sees and answers only its own
 * notices, and the forms (issuing, answering, rules, schedules, dead letters) refuse bad input
 * with a message. The sweep itself is tested in domain/supervision; here notices are issued by hand.
 */
describe.each(testEngines)("supervision pages on %s", (engine) => {
  let server: RunningServer;
  const as = new Map<Role, Client>();
  /** The lead of another department (住建局), created through the admin pages. */
  let otherLead: Client;
  let ticketId: string;
  let recordId: string;

  const signedIn = async (username: string, password = DEMO_PASSWORD) => {
    const client = new Client(server.baseUrl);
    expect((await client.signIn(username, password)).status, username).toBe(302);
    return client;
  };
  const client = (role: Role) => as.get(role)!;
  const text = async (response: Response) => response.text();

  beforeAll(async () => {
    server = await startServerOn(engine);
    for (const account of demoAccounts) as.set(account.role, await signedIn(account.username));

    const intake = await text(await client("operator").get("/intake"));
    const categoryId = /value="(\d+)"[^>]*>违法建设</.exec(intake)![1]!;
    const created = await text(
      await client("operator").post("/intake", {
        categoryId,
        channel: "phone",
        citizenPhone: "13600002222",
        citizenName: "市民丁",
        requestType: "complaint",
        urgency: "normal",
        title: "督办测试工单",
        description: "用于检查督办页面的访问控制与回复。",
      }),
    );
    const link = /href="\/tickets\/(\d+)"/.exec(created);
    if (!link) throw new Error(`intake did not create the ticket:\n${created.slice(0, 2000)}`);
    ticketId = link[1]!;
    const departments = await text(await client("administrator").get("/admin/departments"));
    const idOf = (code: string) => /\/admin\/departments\/(\d+)/.exec(departments.slice(departments.indexOf(`<code>${code}</code>`)))![1]!;
    expect((await client("dispatcher").post("/dispatch", { intent: "dispatch", ticketId, leadDepartmentId: idOf("CGJ") })).status).toBe(200);
    const newUser = await client("administrator").post("/admin/users/new", {
      username: "zjj.lead",
      displayName: "住建负责人",
      password: "zjjlead1234",
      roles: "department_lead",
      departmentId: idOf("ZJJ"),
    });
    expect(newUser.status).toBe(302);
    otherLead = await signedIn("zjj.lead", "zjjlead1234");
  });
  afterAll(() => server?.stop());

  it("a supervisor issues a 督办 from the ticket page; the form refuses bad input and other roles", async () => {
    const page = await text(await client("supervisor").get(`/tickets/${ticketId}`));
    expect(page).toContain(`action="/tickets/${ticketId}/supervision"`);
    // Nobody else gets the form.
    expect(await text(await client("department_lead").get(`/tickets/${ticketId}`))).not.toContain(`action="/tickets/${ticketId}/supervision"`);

    const badLevel = await client("supervisor").post(`/tickets/${ticketId}/supervision`, { level: "warning", notice: "" });
    expect(badLevel.status).toBe(400);
    expect(await text(badLevel)).toContain("请选择督办级别");
    const tooShort = await client("supervisor").post(`/tickets/${ticketId}/supervision`, { level: "supervise", notice: "短" });
    expect(tooShort.status).toBe(400);
    expect(await text(tooShort)).toContain("通知内容须为 5–1000 字");
    for (const role of ["department_lead", "department_handler", "dispatcher", "operator", "administrator"] as const) {
      expect((await client(role).post(`/tickets/${ticketId}/supervision`, { level: "supervise", notice: "" })).status, role).toBe(403);
    }
    expect((await new Client(server.baseUrl).post(`/tickets/${ticketId}/supervision`, { level: "supervise" })).status).toBe(302);

    const issued = await client("supervisor").post(`/tickets/${ticketId}/supervision`, { level: "supervise", notice: "", requiresResponse: "on" });
    expect(issued.status).toBe(302);
    expect(issued.headers.get("location")).toBe(`/tickets/${ticketId}?supervision=issued#supervision`);
    const after = await text(await client("supervisor").get(`/tickets/${ticketId}?supervision=issued`));
    expect(after).toContain("督办通知已发出。");
    expect(after).toContain("待回复");
    recordId = /href="\/supervision\/records\/(\d+)"/.exec(after)![1]!;
  });

  it("GET each supervision page: the right roles 200, others 403, signed-out users sent to sign in", async () => {
    const matrix: [string, Partial<Record<Role, number>>][] = [
      ["/supervision", { supervisor: 200, department_lead: 200 }],
      ["/supervision?view=dueSoon", { supervisor: 200, department_lead: 200 }],
      ["/supervision?view=overdue", { supervisor: 200, department_lead: 200 }],
      ["/supervision?view=records", { supervisor: 200, department_lead: 200 }],
      // Dispatchers see the centre's own records only: this one is the department's, so 404.
      [`/supervision/records/${recordId}`, { supervisor: 200, department_lead: 200, department_handler: 200, dispatcher: 404 }],
      [`/tickets/${ticketId}/supervision`, { supervisor: 200 }],
      ["/notifications", { administrator: 200, operator: 200, dispatcher: 200, supervisor: 200, department_handler: 200, department_lead: 200 }],
    ];
    for (const [path, allowed] of matrix) {
      for (const role of ROLES) {
        expect((await client(role).get(path)).status, `${role} GET ${path}`).toBe(allowed[role] ?? 403);
      }
      const anonymous = await new Client(server.baseUrl).get(path);
      expect(anonymous.status, `anonymous GET ${path}`).toBe(302);
      expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    }
  });

  it("the dashboard shows the centre to supervisors and only its own unit to a department lead", async () => {
    const overview = await text(await client("supervisor").get("/supervision"));
    expect(overview).toContain("近 30 天超期率");
    expect(overview).toContain("超期率 = 当日答复中超过办理时限的件数 ÷ 当日答复件数");
    expect(overview).toMatch(/<svg[^>]*role="img"/);
    expect(overview).toContain("区城管局");

    const records = await text(await client("supervisor").get("/supervision?view=records&response=awaiting"));
    expect(records).toContain(`/supervision/records/${recordId}`);
    expect(await text(await client("department_lead").get("/supervision?view=records"))).toContain(`/supervision/records/${recordId}`);
    const foreign = await text(await otherLead.get("/supervision?view=records"));
    expect(foreign).not.toContain(`/supervision/records/${recordId}`);
    expect(foreign).toContain("没有符合条件的督办记录。");
    // A unit's filter cannot widen its scope.
    const cgj = /<option value="(\d+)">区城管局</.exec(records)![1]!;
    expect(await text(await otherLead.get(`/supervision?view=records&department=${cgj}`))).not.toContain(`/supervision/records/${recordId}`);
    expect((await otherLead.get(`/supervision/records/${recordId}`)).status).toBe(404);
    expect((await client("supervisor").get("/supervision?view=overdue")).status).toBe(200);
  });

  it("only the addressed department answers, once, with a clear message otherwise", async () => {
    const answer = (who: Client, response: string) => who.post(`/supervision/records/${recordId}`, { response });
    expect((await answer(otherLead, "别的单位越权回复")).status).toBe(404);
    const bySupervisor = await answer(client("supervisor"), "督办员替单位回复");
    expect(bySupervisor.status).toBe(403);
    expect(await text(bySupervisor)).toContain("只有被督办的单位");
    for (const role of ["operator", "administrator"] as const) expect((await answer(client(role), "无权回复的角色")).status, role).toBe(403);
    const short = await answer(client("department_lead"), "短");
    expect(short.status).toBe(400);
    expect(await text(short)).toContain("回复内容须为 5–2000 字。");

    const answered = await answer(client("department_lead"), "已现场核实，三日内拆除违建并回复市民。");
    expect(answered.status).toBe(302);
    expect(answered.headers.get("location")).toBe(`/supervision/records/${recordId}?notice=answered`);
    const page = await text(await client("supervisor").get(`/supervision/records/${recordId}`));
    expect(page).toContain("已现场核实，三日内拆除违建并回复市民。");
    expect(page).toContain("已回复");

    const twice = await answer(client("department_handler"), "再次回复同一督办");
    expect(twice.status).toBe(409);
    expect(await text(twice)).toContain("此通知已回复");
  });

  it("notifications: the bell's count, the list, and marking read", async () => {
    const unread = async (who: Client) => {
      const response = await who.get("/notifications/unread");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("application/json");
      return ((await response.json()) as { unread: number }).unread;
    };
    expect((await new Client(server.baseUrl).get("/notifications/unread")).status).toBe(401);
    // The 督办 went to the department's lead; its answer to the supervisor who issued it.
    expect(await unread(client("department_lead"))).toBeGreaterThanOrEqual(1);
    expect(await unread(client("supervisor"))).toBeGreaterThanOrEqual(1);
    const workspace = await text(await client("department_lead").get("/department"));
    const bell = /<a [^>]*aria-label="通知，\d+ 条未读"[^>]*>/.exec(workspace)?.[0];
    expect(bell).toContain('href="/notifications"');

    const list = await text(await client("department_lead").get("/notifications"));
    expect(list).toContain("督办测试工单");
    expect(list).toContain(`href="/tickets/${ticketId}"`);
    const oneId = /name="id" value="(\d+)"/.exec(list)![1]!;
    const before = await unread(client("department_lead"));
    expect((await client("department_lead").post("/notifications", { intent: "read", id: oneId })).status).toBe(302);
    expect(await unread(client("department_lead"))).toBe(before - 1);
    // "All" means all of the user's own: the supervisor's stay unread.
    const supervisorBefore = await unread(client("supervisor"));
    expect((await client("department_lead").post("/notifications", { intent: "read-all" })).status).toBe(302);
    expect(await unread(client("department_lead"))).toBe(0);
    expect(await unread(client("supervisor"))).toBe(supervisorBefore);
    expect((await client("department_lead").post("/notifications", { intent: "read", id: "abc" })).status).toBe(400);
    expect((await client("department_lead").post("/notifications", { intent: "nonsense" })).status).toBe(400);
    expect(await text(await client("department_lead").get("/notifications"))).not.toContain('class="unread"');
  });

  it("administrators edit supervision rules and job schedules with validation, and see the dead letters", async () => {
    const admin = client("administrator");
    const rules = await text(await admin.get("/admin/supervision-rules?edit=supervise"));
    expect(rules).toContain("编辑督办规则：督办");
    const rule = (patch: Record<string, string>) => ({
      intent: "update",
      id: "supervise",
      hoursAfterDue: "72",
      addressee: "department_lead",
      requiresResponse: "on",
      noticeTemplate: "【督办】工单{number}「{title}」{stage}超期，请{department}书面说明。",
      active: "on",
      ...patch,
    });
    const badHours = await admin.post("/admin/supervision-rules", rule({ hoursAfterDue: "abc" }));
    expect(badHours.status).toBe(400);
    expect(await text(badHours)).toContain("触发时间须为 -720 到 8760 之间的小时数。");
    const badPlaceholder = await admin.post("/admin/supervision-rules", rule({ noticeTemplate: "工单{numbr}请回复督办" }));
    expect(badPlaceholder.status).toBe(400);
    expect(await text(badPlaceholder)).toContain("占位符 {numbr} 无法识别");
    const share = await admin.post("/admin/supervision-rules", rule({ shareUsed: "0.5" }));
    expect(share.status).toBe(400);
    expect(await text(share)).toContain("只有“预警”级别");
    const saved = await admin.post("/admin/supervision-rules", rule({ hoursAfterDue: "48" }));
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/admin/supervision-rules?notice=saved");
    expect(await text(await admin.get("/admin/supervision-rules?notice=saved"))).toContain("超期 48 小时");

    const jobs = await text(await admin.get("/admin/jobs"));
    expect(jobs).toContain("一分钟内生效");
    const fields = await admin.post("/admin/jobs", { intent: "update", id: "deadline-sweep", cron: "* * *", active: "on" });
    expect(fields.status).toBe(400);
    expect(await text(fields)).toContain("执行计划须为 5 个字段");
    const range = await admin.post("/admin/jobs", { intent: "update", id: "deadline-sweep", cron: "61 * * * *", active: "on" });
    expect(range.status).toBe(400);
    expect(await text(range)).toContain("第 1 个字段无效");
    const unknown = await admin.post("/admin/jobs", { intent: "update", id: "no-such-job", cron: "* * * * *", active: "on" });
    expect(unknown.status).toBe(404);
    const cron = await admin.post("/admin/jobs", { intent: "update", id: "deadline-sweep", cron: "*/2 * * * *", active: "on" });
    expect(cron.status).toBe(302);
    expect(await text(await admin.get("/admin/jobs"))).toContain('value="*/2 * * * *"');

    const outbox = await text(await admin.get("/admin/outbox"));
    expect(outbox).toMatch(/待投递：\d+ 条/);
    expect(outbox).toContain("死信队列为空");
    const missing = await admin.post("/admin/outbox", { intent: "retry", id: "999999" });
    expect(missing.status).toBe(404);
    expect(await text(missing)).toContain("该消息不存在。");

    const audit = await text(await admin.get("/admin/audit?action=supervision_level.update"));
    expect(audit).toContain("修改督办规则");
    expect(await text(await admin.get("/admin/audit?action=job_schedule.update"))).toContain("修改后台任务计划");
  });
});
