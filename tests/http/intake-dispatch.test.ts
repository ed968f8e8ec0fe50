import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "~/db/client";
import { departments } from "~/db/schema";
import { systemClock } from "~/domain/clock";
import { demoAccounts, DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import { returnTicket } from "~/domain/tickets/actions";
import { type RunningServer, startServer, startServerOn } from "~/tests/helpers/app-server";
import { createScratchPostgresDatabase, type Engine, testEngines } from "~/tests/helpers/databases";
import { Client } from "~/tests/helpers/http-client";

/** A complete intake form; tests override what they are about. */
function intakeForm(patch: Record<string, string> = {}): Record<string, string> {
  return {
    channel: "phone",
    citizenPhone: "13900001111",
    citizenName: "王先生",
    requestType: "complaint",
    urgency: "normal",
    categoryId: "",
    title: "小区门口夜间噪音",
    description: "每天夜里十一点以后仍有施工噪音，影响休息。",
    address: "卫东区建设路 8 号",
    area: "",
    ...patch,
  };
}

function optionValue(html: string, label: string): string {
  const match = new RegExp(`<option value="(\\d+)"[^>]*>${label}</option>`).exec(html);
  if (!match) throw new Error(`no option ${label}`);
  return match[1]!;
}

describe.each(testEngines)("intake desk and dispatch desk over HTTP on %s", (engine) => {
  let server: RunningServer;
  const clients = new Map<string, Client>();
  const as = (role: string) => clients.get(role)!;
  let cgj: string;
  let noiseCategory: string;

  beforeAll(async () => {
    server = await startServerOn(engine);
    for (const account of demoAccounts) {
      const client = new Client(server.baseUrl);
      expect((await client.signIn(account.username, DEMO_PASSWORD)).status, `${account.username} signs in`).toBe(302);
      clients.set(account.role, client);
    }
    const intakePage = await (await as("operator").get("/intake")).text();
    noiseCategory = optionValue(intakePage, "噪声扰民");
    const dispatchPage = await (await as("dispatcher").get("/dispatch")).text();
    cgj = optionValue(dispatchPage, "区城管局");
  });
  afterAll(() => server?.stop());

  /** Creates a ticket through the intake form; returns its id, number and query code. */
  async function intake(patch: Record<string, string> = {}) {
    const response = await as("operator").post("/intake", intakeForm(patch));
    const html = await response.text();
    expect(response.status, html.slice(0, 500)).toBe(200);
    const number = /class="ticket-number">(\d+)</.exec(html)?.[1];
    const queryCode = /class="query-code">(\d{6})</.exec(html)?.[1];
    const id = /href="\/tickets\/(\d+)">查看工单</.exec(html)?.[1];
    expect(number && queryCode && id, "success notice with number, query code and link").toBeTruthy();
    return { id: id!, number: number!, queryCode: queryCode!, html };
  }

  it("opens /intake to operators only and /dispatch to dispatchers only (others 403)", async () => {
    for (const account of demoAccounts) {
      const client = as(account.role);
      expect((await client.get("/intake")).status, `${account.role} GET /intake`).toBe(account.role === "operator" ? 200 : 403);
      expect((await client.get("/intake/history?phone=13900001111")).status, `${account.role} GET /intake/history`).toBe(account.role === "operator" ? 200 : 403);
      expect((await client.get("/dispatch")).status, `${account.role} GET /dispatch`).toBe(account.role === "dispatcher" ? 200 : 403);
    }
    expect((await as("dispatcher").post("/intake", intakeForm())).status).toBe(403);
    expect((await as("operator").post("/dispatch", { intent: "dispatch", ticketId: "1", leadDepartmentId: cgj })).status).toBe(403);
    expect((await new Client(server.baseUrl).get("/intake")).status).toBe(302);
  });

  it("shows the emergency hint and the keyboard shortcuts on the intake desk", async () => {
    const html = await (await as("operator").get("/intake")).text();
    expect(html).toContain("110");
    expect(html).toContain("119");
    expect(html).toContain("120");
    expect(html).toContain("Alt+S");
    expect(html).toMatch(/<input[^>]*name="citizenPhone"[^>]*autofocus|<input[^>]*autofocus[^>]*name="citizenPhone"/i);
  });

  it("refuses an intake without a phone number with 400 and a Chinese message, and bad input likewise", async () => {
    const missing = await as("operator").post("/intake", intakeForm({ citizenPhone: "" }));
    expect(missing.status).toBe(400);
    const html = await missing.text();
    expect(html).toContain("请填写联系电话（匿名诉求除外）");
    expect(html).toContain('role="alert"');

    const noType = await as("operator").post("/intake", intakeForm({ requestType: "" }));
    expect(noType.status).toBe(400);
    expect(await noType.text()).toContain("请选择诉求类型");
    const web = await as("operator").post("/intake", intakeForm({ channel: "open311" }));
    expect(web.status).toBe(400);
    expect(await web.text()).toContain("来源渠道无效");
    const answerForComplaint = await as("operator").post("/intake", intakeForm({ directAnswer: "已当场答复。" }));
    expect(answerForComplaint.status).toBe(400);
    expect(await answerForComplaint.text()).toContain("只有咨询类诉求可以直接办结");
    const badCategory = await as("operator").post("/intake", intakeForm({ categoryId: "abc" }));
    expect(badCategory.status).toBe(400);
  });

  it("creates a ticket, shows its query code once, and lists it in the caller's history as JSON", async () => {
    const created = await intake({ citizenPhone: "139-0000-2222", categoryId: noiseCategory });
    expect(created.html).toContain("工单已受理");

    const history = await as("operator").get("/intake/history?phone=13900002222");
    expect(history.status).toBe(200);
    expect(history.headers.get("content-type")).toMatch(/application\/json/);
    const body = (await history.json()) as { phone: string; tickets: Record<string, unknown>[] };
    expect(body.phone).toBe("13900002222");
    expect(body.tickets[0]).toMatchObject({ id: Number(created.id), number: created.number, state: "accepted", stateLabel: "已受理", title: "小区门口夜间噪音" });
    expect(JSON.stringify(body)).not.toContain(created.queryCode);
    expect(body.tickets[0]).not.toHaveProperty("queryCode");

    const malformed = await as("operator").get("/intake/history?phone=12ab");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { message: "电话号码格式不正确。" } });

    // The dispatcher finds it in the queue, with the routing suggestion for its category.
    const queue = await (await as("dispatcher").get("/dispatch")).text();
    expect(queue).toContain(created.number);
    expect(queue).not.toContain(created.queryCode);
    const panel = await (await as("dispatcher").get(`/dispatch?ticket=${created.id}`)).text();
    expect(panel).toContain(`处理工单 ${created.number}`);
    expect(panel).toMatch(/<option value="\d+" selected="">卫东生态环境分局<!-- -->（建议）<\/option>/);
  });

  it("dispatches one ticket, and a second dispatch of it is a 409 with a Chinese message", async () => {
    const ticket = await intake({ citizenPhone: "13900003333" });
    const first = await as("dispatcher").post("/dispatch", { intent: "dispatch", ticketId: ticket.id, leadDepartmentId: cgj, note: "请尽快处理" });
    expect(first.status).toBe(200);
    expect(await first.text()).toContain(`工单 ${ticket.number} 已派发至 区城管局`);
    expect(await (await as("dispatcher").get("/dispatch")).text()).not.toContain(ticket.number);
    const history = (await (await as("operator").get("/intake/history?phone=13900003333")).json()) as { tickets: { state: string }[] };
    expect(history.tickets[0]!.state).toBe("dispatched");

    const again = await as("dispatcher").post("/dispatch", { intent: "dispatch", ticketId: ticket.id, leadDepartmentId: cgj });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("工单当前状态不允许此操作");

    const noDepartment = await as("dispatcher").post("/dispatch", { intent: "dispatch", ticketId: ticket.id, leadDepartmentId: "" });
    expect(noDepartment.status).toBe(400);
    expect(await noDepartment.text()).toContain("请选择主办单位");
    const missing = await as("dispatcher").post("/dispatch", { intent: "dispatch", ticketId: "999999", leadDepartmentId: cgj });
    expect(missing.status).toBe(404);
  });

  it("batch-dispatches, reporting each ticket, including ones someone else dispatched meanwhile", async () => {
    const a = await intake({ citizenPhone: "13900004444", title: "路灯不亮" });
    const b = await intake({ citizenPhone: "13900004444", title: "井盖缺失" });
    const batch = await as("dispatcher").post("/dispatch", { intent: "batch", ticketIds: [a.id, b.id], batchDepartmentId: cgj });
    expect(batch.status).toBe(200);
    const html = await batch.text();
    expect(html).toContain("批量派单完成：成功 2 件，失败 0 件。");
    expect(html).toContain(a.number);
    expect(html).toContain(b.number);

    const c = await intake({ citizenPhone: "13900004444", title: "垃圾未清运" });
    const mixed = await as("dispatcher").post("/dispatch", { intent: "batch", ticketIds: [a.id, c.id], batchDepartmentId: cgj });
    expect(mixed.status).toBe(200);
    const report = await mixed.text();
    expect(report).toContain("批量派单完成：成功 1 件，失败 1 件。");
    expect(report).toMatch(new RegExp(`${a.number}：工单当前状态不允许此操作`));

    const allFailed = await as("dispatcher").post("/dispatch", { intent: "batch", ticketIds: [a.id, b.id], batchDepartmentId: cgj });
    expect(allFailed.status).toBe(409);
    expect(await allFailed.text()).toContain("成功 0 件，失败 2 件");

    const none = await as("dispatcher").post("/dispatch", { intent: "batch", batchDepartmentId: cgj });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("请先勾选要派发的工单");
  });

  it("merges a duplicate into another ticket by number and withdraws a ticket with a reason", async () => {
    const original = await intake({ citizenPhone: "13900005555", title: "公交站台破损" });
    const duplicate = await intake({ citizenPhone: "13900006666", title: "公交站台破损（重复）" });
    const unconfirmed = await as("dispatcher").post("/dispatch", { intent: "merge", ticketId: duplicate.id, intoNumber: original.number });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain("请勾选确认已核实为重复诉求");
    const unknown = await as("dispatcher").post("/dispatch", { intent: "merge", ticketId: duplicate.id, intoNumber: "1999010100001", confirm: "on" });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("没有找到编号为 1999010100001 的工单");
    const merged = await as("dispatcher").post("/dispatch", { intent: "merge", ticketId: duplicate.id, intoNumber: original.number, confirm: "on" });
    expect(merged.status).toBe(200);
    expect(await merged.text()).toContain(`工单 ${duplicate.number} 已合并至 ${original.number}`);
    const queue = await (await as("dispatcher").get("/dispatch")).text();
    expect(queue).toContain(original.number);
    expect(queue).not.toContain(duplicate.number);

    const noReason = await as("dispatcher").post("/dispatch", { intent: "withdraw", ticketId: original.id, reason: "" });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("请填写原因");
    const withdrawn = await as("dispatcher").post("/dispatch", { intent: "withdraw", ticketId: original.id, reason: "市民来电表示问题已自行解决" });
    expect(withdrawn.status).toBe(200);
    expect(await withdrawn.text()).toContain(`工单 ${original.number} 已撤销`);
    const history = (await (await as("operator").get("/intake/history?phone=13900005555")).json()) as { tickets: { state: string }[] };
    expect(history.tickets[0]!.state).toBe("withdrawn");

    const keepNotReturned = await as("dispatcher").post("/dispatch", { intent: "keep", ticketId: original.id, reason: "首接负责" });
    expect(keepNotReturned.status).toBe(409);
  });

  it("closes a consultation answered on the spot (直接办结); it never reaches the dispatch queue", async () => {
    const answered = await intake({
      citizenPhone: "13900007777",
      requestType: "consultation",
      title: "社保卡补办地点",
      description: "请问社保卡丢失后在哪里补办？",
      directAnswer: "可到区政务服务中心一楼社保窗口补办，工作日 9:00–17:00，带身份证。",
    });
    expect(answered.html).toContain("工单已受理并直接办结");
    const history = (await (await as("operator").get("/intake/history?phone=13900007777")).json()) as { tickets: { number: string; state: string }[] };
    expect(history.tickets[0]).toMatchObject({ number: answered.number, state: "closed" });
    expect(await (await as("dispatcher").get("/dispatch")).text()).not.toContain(answered.number);
  });

  it("filters and paginates the dispatch queue", async () => {
    const urgent = await intake({ citizenPhone: "13900008888", urgency: "emergency", requestType: "help", title: "燃气泄漏气味" });
    const byUrgency = await (await as("dispatcher").get("/dispatch?urgency=emergency")).text();
    expect(byUrgency).toContain(urgent.number);
    expect(byUrgency).not.toContain("垃圾未清运");
    const byText = await (await as("dispatcher").get(`/dispatch?q=${encodeURIComponent("燃气泄漏")}`)).text();
    expect(byText).toContain(urgent.number);
    const byType = await (await as("dispatcher").get("/dispatch?type=suggestion")).text();
    expect(byType).toContain("没有符合条件的待派发工单");
    const farPage = await as("dispatcher").get("/dispatch?page=99&category=abc&type=nonsense");
    expect(farPage.status).toBe(200);
  });
});

/**
 * A server plus direct database access, for steps whose screens belong to other desks (here: a
 * department returning a ticket). PGlite allows one process per directory, so the server is
 * stopped for the direct step and started again; sessions live in the database and survive.
 */
async function serverWithDatabase(engine: Engine) {
  if (engine === "postgres") {
    const scratch = await createScratchPostgresDatabase();
    const server = await startServer({ databaseUrl: scratch.url });
    return {
      baseUrl: () => server.baseUrl,
      async direct(fn: (db: Database) => Promise<void>) {
        const handle = await openDatabase({ engine: "postgres", url: scratch.url, maxConnections: 2 });
        try {
          await fn(handle.db);
        } finally {
          await handle.close();
        }
      },
      async stop() {
        await server.stop();
        await scratch.drop();
      },
    };
  }
  let server = await startServer();
  const dataDir = server.dataDir;
  return {
    baseUrl: () => server.baseUrl,
    async direct(fn: (db: Database) => Promise<void>) {
      await server.stop();
      const handle = await openDatabase({ engine: "pglite", dataDir });
      try {
        await fn(handle.db);
      } finally {
        await handle.close();
      }
      server = await startServer({ dataDir });
    },
    stop: () => server.stop(),
  };
}

describe.each(testEngines)("returned tickets on the dispatch desk on %s", (engine) => {
  let setup: Awaited<ReturnType<typeof serverWithDatabase>>;
  let operatorCookie: string | null;
  let dispatcherCookie: string | null;
  const client = (cookie: string | null) => Object.assign(new Client(setup.baseUrl()), { cookie });

  beforeAll(async () => {
    setup = await serverWithDatabase(engine);
    const operator = new Client(setup.baseUrl());
    await operator.signIn("operator", DEMO_PASSWORD);
    const dispatcher = new Client(setup.baseUrl());
    await dispatcher.signIn("dispatcher", DEMO_PASSWORD);
    [operatorCookie, dispatcherCookie] = [operator.cookie, dispatcher.cookie];
  });
  afterAll(() => setup?.stop());

  it("shows the department's return reason, and the dispatcher keeps one ticket (首接负责) and re-dispatches another", async () => {
    const operator = client(operatorCookie);
    const dispatcher = client(dispatcherCookie);
    const created: { id: string; number: string }[] = [];
    for (const title of ["人行道砖松动", "违规张贴小广告"]) {
      const html = await (await operator.post("/intake", intakeForm({ citizenPhone: "13700001234", title }))).text();
      created.push({ id: /href="\/tickets\/(\d+)">查看工单</.exec(html)![1]!, number: /class="ticket-number">(\d+)</.exec(html)![1]! });
    }
    const cgj = optionValue(await (await dispatcher.get("/dispatch")).text(), "区城管局");
    const zjj = optionValue(await (await dispatcher.get("/dispatch")).text(), "区住建局");
    const batch = await dispatcher.post("/dispatch", { intent: "batch", ticketIds: created.map((t) => t.id), batchDepartmentId: cgj });
    expect(await batch.text()).toContain("成功 2 件，失败 0 件");

    await setup.direct(async (db) => {
      const [dept] = await db.select({ id: departments.id }).from(departments).where(eq(departments.code, "CGJ"));
      const handler = { id: null, label: "handler", ip: null, roles: ["department_handler"] as const, departmentId: dept!.id };
      for (const t of created) await returnTicket({ db, clock: systemClock, actor: handler }, Number(t.id), "不属于本单位职责，建议派住建部门");
    });

    const queue = await client(dispatcherCookie).get("/dispatch");
    expect(queue.status).toBe(200);
    const html = await queue.text();
    for (const t of created) expect(html).toContain(t.number);
    expect(html).toContain("已退回");
    expect(html).toContain("退回单位：区城管局");
    expect(html).toContain("退回原因：不属于本单位职责，建议派住建部门");
    const panel = await (await client(dispatcherCookie).get(`/dispatch?ticket=${created[0]!.id}`)).text();
    expect(panel).toContain("维持原单位办理（首接负责）");

    const keep = await client(dispatcherCookie).post("/dispatch", { intent: "keep", ticketId: created[0]!.id, reason: "首接负责" });
    expect(keep.status).toBe(200);
    expect(await keep.text()).toContain(`工单 ${created[0]!.number} 已维持原单位办理`);
    const redispatch = await client(dispatcherCookie).post("/dispatch", { intent: "dispatch", ticketId: created[1]!.id, leadDepartmentId: zjj });
    expect(redispatch.status).toBe(200);
    expect(await redispatch.text()).toContain(`工单 ${created[1]!.number} 已派发至 区住建局`);

    const history = (await (await client(operatorCookie).get("/intake/history?phone=13700001234")).json()) as { tickets: { state: string }[] };
    expect(history.tickets.map((t) => t.state)).toEqual(["dispatched", "dispatched"]);
    const after = await (await client(dispatcherCookie).get("/dispatch")).text();
    for (const t of created) expect(after).not.toContain(t.number);
  }, 120_000); // on PGlite the server restarts once in the middle
});
