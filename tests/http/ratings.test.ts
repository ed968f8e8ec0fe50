import { eq } from "drizzle-orm";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseTarget, openDatabase } from "~/db/client";
import { migrateDatabase } from "~/db/migrate";
import { departments } from "~/db/schema";
import { type Clock, manualClock, systemClock } from "~/domain/clock";
import { rateTicket } from "~/domain/ratings/rate";
import { ratingLinkToken } from "~/domain/ratings/rating-link";
import { DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import { seedOnFirstStart } from "~/domain/setup/seed";
import type { TicketActor } from "~/domain/tickets/access";
import { dispatchTicket, replyTicket, signTicket } from "~/domain/tickets/actions";
import { createTicket } from "~/domain/tickets/create-ticket";
import { type RunningServer, startServer } from "~/tests/helpers/app-server";
import { createScratchPostgresDatabase, testEngines } from "~/tests/helpers/databases";
import { Client } from "~/tests/helpers/http-client";

/**
 * The rating loop's pages over HTTP: the operators' callback list, the supervisors' verification
 * queue, the rating panel and forms on the ticket page, the citizen's rating link and the status
 * page's link to it, and the administrator's rating settings. Replied tickets are made through
 * the domain before the server starts (the server owns its database while it runs).
 */

const DAY_MS = 86_400_000;
const operatorActor: TicketActor = { id: null, label: "test-operator", ip: null, roles: ["operator"], departmentId: null };
const dispatcherActor: TicketActor = { id: null, label: "test-dispatcher", ip: null, roles: ["dispatcher"], departmentId: null };

type Made = { id: number; number: string; queryCode: string };
interface World {
  link: Made;
  linkToken: string;
  callback: Made;
  unreached: Made;
  uphold: Made;
  dismiss: Made;
}

async function seedWorld(target: DatabaseTarget): Promise<World> {
  const handle = await openDatabase(target);
  try {
    await migrateDatabase(handle);
    await seedOnFirstStart(handle, systemClock, { withDemoAccounts: true });
    const [cgj] = await handle.db.select({ id: departments.id }).from(departments).where(eq(departments.code, "CGJ"));
    const handlerActor: TicketActor = { id: null, label: "test-handler", ip: null, roles: ["department_handler"], departmentId: cgj!.id };
    let seq = 0;
    const replied = async (title: string, clock: Clock = systemClock): Promise<Made> => {
      const ctx = (actor: TicketActor) => ({ db: handle.db, clock, actor });
      const ticket = await createTicket(ctx(operatorActor), {
        channel: "phone",
        requestType: "complaint",
        title,
        description: "每天夜里十一点以后仍在施工，严重影响休息。",
        citizenName: "张三丰",
        citizenPhone: `1390000${String(++seq).padStart(4, "0")}`,
        address: "卫东区建设路 1 号",
      });
      await dispatchTicket(ctx(dispatcherActor), ticket.id, { leadDepartmentId: cgj!.id });
      await signTicket(ctx(handlerActor), ticket.id);
      await replyTicket(ctx(handlerActor), ticket.id, `关于「${title}」：已安排执法队员现场处理。`);
      return { id: ticket.id, number: ticket.number, queryCode: ticket.queryCode };
    };
    const link = await replied("评价链接的工单");
    const callback = await replied("回访评价的工单");
    // Replied 30 days ago: its callback is long overdue.
    const unreached = await replied("无人接听的工单", manualClock(new Date(Date.now() - 30 * DAY_MS)));
    const uphold = await replied("差评属实的工单");
    const dismiss = await replied("差评不予采信的工单");
    await rateTicket({ db: handle.db, clock: systemClock, actor: operatorActor }, uphold.id, { level: 1, channel: "callback", comment: "施工仍在继续" });
    return { link, linkToken: await ratingLinkToken(handle.db, systemClock.now(), link.id, 0), callback, unreached, uphold, dismiss };
  } finally {
    await handle.close();
  }
}

async function startSeededServer(engine: string): Promise<{ server: RunningServer; world: World }> {
  if (engine === "postgres") {
    const scratch = await createScratchPostgresDatabase();
    const world = await seedWorld({ engine: "postgres", url: scratch.url, maxConnections: 2 });
    const server = await startServer({ databaseUrl: scratch.url });
    const stop = server.stop;
    return {
      world,
      server: {
        ...server,
        async stop() {
          const code = await stop();
          await scratch.drop();
          return code;
        },
      },
    };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), "hotline-ratings-"));
  const world = await seedWorld({ engine: "pglite", dataDir });
  return { world, server: await startServer({ dataDir }) };
}

function intentsOn(html: string): string[] {
  return [...html.matchAll(/name="intent" value="([a-z_]+)"/g)].map((m) => m[1]!).filter((i) => i !== "reveal").sort();
}

/** The task id of a ticket's row on the callback list. */
function taskIdFor(html: string, number: string): string {
  const row = new RegExp(`data-testid="callback-${number}"[\\s\\S]*?name="taskId" value="(\\d+)"`).exec(html);
  if (!row) throw new Error(`no callback row for ${number}`);
  return row[1]!;
}

describe.each(testEngines)("the rating loop over HTTP on %s", (engine) => {
  let server: RunningServer;
  let world: World;
  const clients: Record<string, Client> = {};
  const as = async (username: string) => {
    if (clients[username]) return clients[username];
    const client = new Client(server.baseUrl);
    expect((await client.signIn(username, DEMO_PASSWORD)).status).toBe(302);
    clients[username] = client;
    return client;
  };

  beforeAll(async () => {
    ({ server, world } = await startSeededServer(engine));
  });
  afterAll(() => server?.stop());

  it("guards every new page by role, and sends signed-out users to sign in", async () => {
    const matrix: { path: string; allowed: string[]; refused: string[] }[] = [
      { path: "/callbacks", allowed: ["operator"], refused: ["supervisor", "admin", "handler", "dispatcher"] },
      { path: "/supervision/verifications", allowed: ["supervisor"], refused: ["operator", "admin", "handler", "lead"] },
      { path: "/admin/ratings", allowed: ["admin"], refused: ["operator", "supervisor", "handler"] },
    ];
    for (const { path: page, allowed, refused } of matrix) {
      const anonymous = await new Client(server.baseUrl).get(page);
      expect(anonymous.status, `anonymous GET ${page}`).toBe(302);
      expect(anonymous.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(page)}`);
      const anonymousPost = await new Client(server.baseUrl).post(page, { intent: "rate" });
      expect(anonymousPost.status, `anonymous POST ${page}`).toBe(302);
      for (const user of allowed) expect((await (await as(user)).get(page)).status, `${user} GET ${page}`).toBe(200);
      for (const user of refused) {
        expect((await (await as(user)).get(page)).status, `${user} GET ${page}`).toBe(403);
        expect((await (await as(user)).post(page, { intent: "rate" })).status, `${user} POST ${page}`).toBe(403);
      }
    }
    // The menu: operators see 回访, supervisors 差评核实.
    expect(await (await (await as("operator")).get("/home")).text()).toContain('href="/callbacks"');
    expect(await (await (await as("supervisor")).get("/home")).text()).toContain('href="/supervision/verifications"');
    // The rating link is public, and a token that is not ours is a 404 page.
    const bad = await new Client(server.baseUrl).get("/rate/1.0.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect(bad.status).toBe(404);
    expect(await bad.text()).toContain("评价链接无效");
    expect((await new Client(server.baseUrl).get("/rate/not-a-token")).status).toBe(404);
  });

  it("links the status page to the rating page, which rates once and then says it is closed", async () => {
    const citizen = new Client(server.baseUrl);
    const status = await citizen.get(`/status?number=${world.link.number}&code=${world.link.queryCode}`);
    expect(status.status).toBe(200);
    const statusHtml = await status.text();
    expect(statusHtml).toContain(`href="/rate/${world.linkToken}"`);
    expect(statusHtml).toContain(">评价<");

    const form = await citizen.get(`/rate/${world.linkToken}`);
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain(world.link.number);
    expect(formHtml).toContain("非常满意");
    expect(formHtml).toContain("非常不满意");

    const noLevel = await citizen.post(`/rate/${world.linkToken}`, { resolved: "yes", comment: "" });
    expect(noLevel.status).toBe(400);
    expect(await noLevel.text()).toContain("请选择评价等级");
    const tooLong = await citizen.post(`/rate/${world.linkToken}`, { level: "5", comment: "很".repeat(1001) });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain("意见不能超过 1000 字");

    const rated = await citizen.post(`/rate/${world.linkToken}`, { level: "5", resolved: "yes", comment: "处理及时" });
    expect(rated.status).toBe(302);
    expect(rated.headers.get("location")).toBe(`/rate/${world.linkToken}?thanks=1`);
    expect(await (await citizen.get(`/rate/${world.linkToken}?thanks=1`)).text()).toContain("感谢您的评价");

    const closed = await citizen.get(`/rate/${world.linkToken}`);
    expect(closed.status).toBe(409);
    expect(await closed.text()).toContain("评价已结束");
    const again = await citizen.post(`/rate/${world.linkToken}`, { level: "1" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("此评价链接已失效");

    const after = await (await citizen.get(`/status?number=${world.link.number}&code=${world.link.queryCode}`)).text();
    expect(after).toContain("已回访");
    expect(after).toContain("市民评价");
    expect(after).not.toContain("/rate/");

    const page = await (await (await as("operator")).get(`/tickets/${world.link.id}`)).text();
    expect(page).toContain("评价与整改");
    expect(page).toContain("非常满意");
    expect(page).toContain("网页");
  });

  it("works the callback list: overdue first, unreached stays, a reached callback records the rating", async () => {
    const operator = await as("operator");
    const list = await (await operator.get("/callbacks")).text();
    expect(list).toContain(world.callback.number);
    expect(list).toContain(world.unreached.number);
    expect(list).not.toContain(world.link.number);
    expect(list.indexOf(world.unreached.number)).toBeLessThan(list.indexOf(world.callback.number));
    expect(list).toMatch(new RegExp(`class="overdue" data-testid="callback-${world.unreached.number}"`));
    expect(list).toContain("已到期");
    expect(list).toContain("139****0003");
    expect(list).not.toContain("13900000003");

    const unreachedTask = taskIdFor(list, world.unreached.number);
    const badOutcome = await operator.post("/callbacks", { intent: "attempt", taskId: unreachedTask, outcome: "maybe" });
    expect(badOutcome.status).toBe(400);
    expect(await badOutcome.text()).toContain("请选择回访结果");
    const attempt = await operator.post("/callbacks", { intent: "attempt", taskId: unreachedTask, outcome: "unreached", note: "无人接听" });
    expect(attempt.status).toBe(302);
    expect(attempt.headers.get("location")).toBe("/callbacks?notice=unreached");
    const afterAttempt = await (await operator.get("/callbacks?notice=unreached")).text();
    expect(afterAttempt).toContain("已记录未接通");
    expect(afterAttempt).toMatch(new RegExp(`data-testid="callback-${world.unreached.number}"[\\s\\S]*?1 次`));

    const reveal = await operator.post("/callbacks", { intent: "reveal", taskId: unreachedTask });
    expect(reveal.status).toBe(200);
    expect(await reveal.text()).toContain("13900000003");

    const task = taskIdFor(list, world.callback.number);
    const noLevel = await operator.post("/callbacks", { intent: "rate", taskId: task, resolved: "no" });
    expect(noLevel.status).toBe(400);
    expect(await noLevel.text()).toContain("请选择评价等级");
    expect((await operator.post("/callbacks", { intent: "rate", taskId: "999999", level: "5" })).status).toBe(404);
    const rated = await operator.post("/callbacks", { intent: "rate", taskId: task, level: "2", resolved: "no", comment: "态度不好" });
    expect(rated.status).toBe(302);
    expect(rated.headers.get("location")).toBe("/callbacks?notice=rated");
    const done = await (await operator.get("/callbacks?notice=rated")).text();
    expect(done).toContain("评价已保存");
    expect(done).not.toContain(world.callback.number);
    expect((await operator.post("/callbacks", { intent: "rate", taskId: task, level: "5" })).status).toBe(409);

    // On the ticket page: the rating, by callback, and no more callback rating form for a done round?
    // (The round is still replied: a bad rating can be changed; the form stays for operators.)
    const page = await (await operator.get(`/tickets/${world.callback.id}`)).text();
    expect(page).toContain("电话回访");
    expect(page).toContain("不满意");
    expect(intentsOn(page)).toContain("rate");
  });

  it("verifies bad ratings: dismiss needs a reason and a note; upholding sends the ticket back to the department", async () => {
    const supervisor = await as("supervisor");
    const queue = await (await supervisor.get("/supervision/verifications")).text();
    expect(queue).toContain(world.uphold.number);
    expect(queue).toContain(world.callback.number);
    expect(queue).toContain("施工仍在继续");
    expect(queue).toContain("区城管局");
    expect(queue).toContain("非常不满意");

    const page = await (await supervisor.get(`/tickets/${world.callback.id}`)).text();
    expect(intentsOn(page)).toEqual(["archive", "dismiss_rating", "uphold_rating"]);

    const noNote = await supervisor.post("/supervision/verifications", { intent: "dismiss", ticketId: String(world.callback.id), reason: "malicious", note: "" });
    expect(noNote.status).toBe(400);
    expect(await noNote.text()).toContain("请填写核实说明");
    const noReason = await supervisor.post("/supervision/verifications", { intent: "dismiss", ticketId: String(world.callback.id), reason: "", note: "市民误操作" });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("请选择不予采信的理由");
    const dismissed = await supervisor.post("/supervision/verifications", { intent: "dismiss", ticketId: String(world.callback.id), reason: "mistaken", note: "市民确认误按" });
    expect(dismissed.status).toBe(302);
    expect(dismissed.headers.get("location")).toBe("/supervision/verifications?notice=dismissed");
    const dismissedPage = await (await supervisor.get(`/tickets/${world.callback.id}`)).text();
    expect(dismissedPage).toContain("不予采信");
    expect(dismissedPage).toContain("误评");
    expect(dismissedPage).toContain("市民确认误按");
    expect(dismissedPage).toContain("已回访");

    const upheld = await supervisor.post("/supervision/verifications", { intent: "uphold", ticketId: String(world.uphold.id), note: "核实属实" });
    expect(upheld.status).toBe(302);
    const again = await supervisor.post("/supervision/verifications", { intent: "uphold", ticketId: String(world.uphold.id) });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("工单当前状态不允许此操作");
    const queueAfter = await (await supervisor.get("/supervision/verifications")).text();
    expect(queueAfter).not.toContain(world.uphold.number);
    expect(queueAfter).toContain("没有待核实的差评");

    // The department finds it under its inbox's 整改 tab and reports on the ticket page.
    const handler = await as("handler");
    const rectifyTab = async () => (await handler.get("/department?tab=rectifying")).text();
    expect(await rectifyTab()).toContain(world.uphold.number);
    const rectifying = await (await handler.get(`/tickets/${world.uphold.id}`)).text();
    expect(rectifying).toContain("整改中");
    expect(intentsOn(rectifying)).toEqual(["report_rectification"]);
    expect(rectifying).toContain("关于「差评属实的工单」：已安排执法队员现场处理。");
    const short = await handler.post(`/tickets/${world.uphold.id}`, { intent: "report_rectification", report: "好" });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("整改报告须为 5–5000 字");
    const reported = await handler.post(`/tickets/${world.uphold.id}`, { intent: "report_rectification", report: "已查封夜间施工设备，并安排夜间巡查。" });
    expect(reported.status).toBe(302);
    expect(reported.headers.get("location")).toBe(`/tickets/${world.uphold.id}?rating=report_rectification#rating-loop`);
    expect(await rectifyTab()).toContain("没有待整改的工单");
    const reportedPage = await (await handler.get(`/tickets/${world.uphold.id}?rating=report_rectification`)).text();
    expect(reportedPage).toContain("整改报告已提交");
    expect(reportedPage).toContain("提交整改报告");
    expect(reportedPage).toContain("差评核实属实，转整改");
    expect(reportedPage).toContain("第 1 轮整改");

    // The new round is called back once: the first round's callback no longer shows.
    const list = await (await (await as("operator")).get("/callbacks")).text();
    expect(list.split(`data-testid="callback-${world.uphold.number}"`).length - 1).toBe(1);
    expect(list).toContain("第 1 轮整改");

    // 结案 is offered only after the configured rounds (2): not yet.
    expect(intentsOn(await (await supervisor.get(`/tickets/${world.uphold.id}`)).text())).not.toContain("close_loop");
    const early = await supervisor.post(`/tickets/${world.uphold.id}`, { intent: "close_loop", decision: "诉求已依法处理完毕。" });
    expect(early.status).toBe(409);
    expect(await early.text()).toContain("整改满 2 轮后才能结案");
  });

  it("lets the administrator edit the rating policy and the citizen SMS templates, validated and audited", async () => {
    const admin = await as("admin");
    const page = await (await admin.get("/admin/ratings")).text();
    expect(page).toContain("评价规则");
    expect(page).toContain("{rateUrl}");
    const policy = { intent: "policy", callbackAfterHours: "48", defaultAfterDays: "7", defaultLevel: "3", badAtOrBelow: "2", rectificationWorkingDays: "10", closeAfterRounds: "3" };
    const bad = await admin.post("/admin/ratings", { ...policy, defaultLevel: "2" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("默认评价等级必须高于差评标准");
    const badDays = await admin.post("/admin/ratings", { ...policy, rectificationWorkingDays: "0" });
    expect(badDays.status).toBe(400);
    expect(await badDays.text()).toContain("整改时限须为 1–60 个工作日");
    const saved = await admin.post("/admin/ratings", policy);
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/admin/ratings?notice=saved");
    expect(await (await admin.get("/admin/ratings")).text()).toContain('value="48"');

    const sms = {
      intent: "sms",
      accepted: "【12345热线】已受理，工单号{number}，查询码{queryCode}。",
      replied: "【12345热线】工单{number}已答复，请在{rateUrl}评价。",
      merged: "【12345热线】已与工单{intoNumber}合并办理。",
      rectified: "【12345热线】工单{number}已整改，详见{statusUrl}。",
    };
    const typo = await admin.post("/admin/ratings", { ...sms, replied: "工单{number}已答复，请在{rateurl}评价。" });
    expect(typo.status).toBe(400);
    expect(await typo.text()).toContain("占位符 {rateurl} 不可用");
    const short = await admin.post("/admin/ratings", { ...sms, merged: "合并" });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("短信模板须为 5–300 字");
    expect((await admin.post("/admin/ratings", sms)).status).toBe(302);
    expect(await (await admin.get("/admin/ratings")).text()).toContain("已与工单{intoNumber}合并办理");

    const audit = await (await admin.get("/admin/audit?action=settings.update")).text();
    expect(audit).toContain("评价与回访规则");
    expect(audit).toContain("市民短信模板");
  });
});
