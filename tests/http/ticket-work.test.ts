import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseTarget, openDatabase } from "~/db/client";
import { migrateDatabase } from "~/db/migrate";
import { departments } from "~/db/schema";
import { type Clock, manualClock, systemClock } from "~/domain/clock";
import { DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import { seedOnFirstStart } from "~/domain/setup/seed";
import type { TicketActor } from "~/domain/tickets/access";
import { DEFAULT_SUSPEND_REASONS, dispatchTicket } from "~/domain/tickets/actions";
import { createTicket, type CreateTicketInput } from "~/domain/tickets/create-ticket";
import { type RunningServer, startServer } from "~/tests/helpers/app-server";
import { createScratchPostgresDatabase, testEngines } from "~/tests/helpers/databases";
import { Client } from "~/tests/helpers/http-client";

/**
 * The ticket work screens over HTTP: department inbox, ticket page with its action forms, ticket
 * list and CSV export. The server owns its database while it runs, so the tickets are made before
 * it starts: the test migrates and seeds the database the server will use (demo accounts
 * included, as on a first start), creates and dispatches tickets through the domain, closes it,
 * and then starts the server on it.
 */

const DAY_MS = 86_400_000;

const operator: TicketActor = { id: null, label: "test-operator", ip: null, roles: ["operator"], departmentId: null };
const dispatcher: TicketActor = { id: null, label: "test-dispatcher", ip: null, roles: ["dispatcher"], departmentId: null };

interface World {
  cgj: number;
  zjj: number;
  tickets: Record<"main" | "confidential" | "otherDept" | "overdue" | "urgent" | "accepted" | "tricky" | "extension", { id: number; number: string }>;
}

async function seedWorld(target: DatabaseTarget): Promise<World> {
  const handle = await openDatabase(target);
  try {
    await migrateDatabase(handle);
    await seedOnFirstStart(handle, systemClock, { withDemoAccounts: true });
    const deptId = async (code: string) => (await handle.db.select({ id: departments.id }).from(departments).where(eq(departments.code, code)))[0]!.id;
    const cgj = await deptId("CGJ");
    const zjj = await deptId("ZJJ");
    const make = async (patch: Partial<CreateTicketInput>, leadDepartmentId: number | null, clock: Clock = systemClock) => {
      const ticket = await createTicket(
        { db: handle.db, clock, actor: operator },
        {
          channel: "phone",
          requestType: "complaint",
          title: "小区夜间施工噪音",
          description: "每天夜里十一点以后仍在施工，严重影响休息。",
          citizenName: "张三丰",
          citizenPhone: "13800001234",
          address: "卫东区建设路 1 号",
          ...patch,
        },
      );
      if (leadDepartmentId !== null) await dispatchTicket({ db: handle.db, clock, actor: dispatcher }, ticket.id, { leadDepartmentId });
      return { id: ticket.id, number: ticket.number };
    };
    const past = manualClock(new Date(Date.now() - 30 * DAY_MS));
    return {
      cgj,
      zjj,
      tickets: {
        main: await make({ title: "建设路占道经营" }, cgj),
        confidential: await make({ requestType: "report", title: "举报违规搭建", citizenName: "李四", citizenPhone: "13911112222" }, cgj),
        otherDept: await make({ title: "住建局的工单", citizenPhone: "13700005555" }, zjj),
        overdue: await make({ title: "一个月前的工单" }, cgj, past),
        urgent: await make({ urgency: "urgent", title: "路灯不亮" }, cgj),
        accepted: await make({ title: "尚未派单的工单" }, null),
        tricky: await make({ title: "=1+1", description: '含有"引号",逗号\n和换行的内容' }, cgj),
        extension: await make({ title: "需要延期的工单" }, cgj),
      },
    };
  } finally {
    await handle.close();
  }
}

/** Starts the server on a database prepared by seedWorld. */
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
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  const dataDir = mkdtempSync(path.join(tmpdir(), "hotline-work-"));
  const world = await seedWorld({ engine: "pglite", dataDir });
  return { world, server: await startServer({ dataDir }) };
}

/** The action forms a page offers (hidden intent fields), without the contact reveal. */
function intentsOn(html: string): string[] {
  return [...html.matchAll(/name="intent" value="([a-z_]+)"/g)].map((m) => m[1]!).filter((i) => i !== "reveal").sort();
}

/** A small RFC 4180 parser: enough to check that the export quotes what it must. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell !== "" || row.length) rows.push([...row, cell]);
  return rows;
}

describe.each(testEngines)("ticket work screens over HTTP on %s", (engine) => {
  let server: RunningServer;
  let world: World;
  let handler: Client;
  let otherHandler: Client;
  const signIn = async (username: string, password = DEMO_PASSWORD) => {
    const client = new Client(server.baseUrl);
    const response = await client.signIn(username, password);
    expect(response.status).toBe(302);
    return client;
  };

  beforeAll(async () => {
    ({ server, world } = await startSeededServer(engine));
    handler = await signIn("handler");
    // A handler of another department (区住建局), created by the administrator.
    const admin = await signIn("admin");
    const created = await admin.post("/admin/users/new", {
      username: "zjj.handler",
      displayName: "住建经办人",
      password: "zjjHandler2026",
      roles: "department_handler",
      departmentId: String(world.zjj),
    });
    expect(created.status).toBe(302);
    otherHandler = await signIn("zjj.handler", "zjjHandler2026");
  });
  afterAll(() => server?.stop());

  it("guards every ticket work page by role, and sends signed-out users to sign in", async () => {
    const id = world.tickets.main.id;
    const admin = await signIn("admin");
    const operator = await signIn("operator");
    for (const path of ["/department", "/tickets", "/tickets/export.csv", `/tickets/${id}`]) {
      expect((await admin.get(path)).status, `admin GET ${path}`).toBe(403);
      const anonymous = await new Client(server.baseUrl).get(path);
      expect(anonymous.status, `anonymous GET ${path}`).toBe(302);
      expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    }
    expect((await admin.post(`/tickets/${id}`, { intent: "sign" })).status).toBe(403);
    expect((await operator.get("/department")).status).toBe(403);
    expect((await operator.post(`/tickets/${id}`, { intent: "sign" })).status).toBe(403);
    expect((await handler.get("/tickets/not-a-number")).status).toBe(404);
    expect((await handler.get("/tickets/999999")).status).toBe(404);
    expect((await handler.post(`/tickets/${id}`, { intent: "nonsense" })).status).toBe(400);
  });

  it("lists a ticket dispatched to 区城管局 under 待签收 for its handler, with countdowns and tab counts", async () => {
    const response = await handler.get("/department");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('aria-current="page"');
    expect(html).toContain('href="/tickets/export.csv"');
    expect(html).toContain(world.tickets.main.number);
    expect(html).toContain(world.tickets.confidential.number);
    expect(html).toMatch(/剩余 \d/);
    expect(html).not.toContain(world.tickets.otherDept.number);
    expect(html).not.toContain(world.tickets.accepted.number);
    // The page total is the tab's count (counted once, for the label), and a search counts its own.
    const pendingCount = /待签收<span class="count">(\d+)<\/span>/.exec(html)?.[1];
    expect(Number(pendingCount)).toBeGreaterThanOrEqual(2);
    expect(html).toContain(`共 ${pendingCount} 条`);
    const searched = await (await handler.get(`/department?q=${encodeURIComponent("占道经营")}`)).text();
    expect(searched).toContain(world.tickets.main.number);
    expect(searched).toContain("共 1 条");
    // Rows carry what the table shows: no description, address or citizen in the page's data.
    expect(html).not.toContain("严重影响休息");
    expect(html).not.toContain("建设路 1 号");
    expect(html).not.toContain("138****1234");

    const overdue = await (await handler.get("/department?tab=overdue")).text();
    expect(overdue).toContain(world.tickets.overdue.number);
    expect(overdue).not.toContain(world.tickets.main.number);
    expect(overdue).toMatch(/超期 \d+ 天/);

    const dueSoon = await (await handler.get("/department?tab=dueSoon")).text();
    expect(dueSoon).toContain(world.tickets.urgent.number);

    const suspended = await (await handler.get("/department?tab=suspended")).text();
    expect(suspended).toContain("没有挂起的工单");

    expect((await (await signIn("lead")).get("/department")).status).toBe(200);
  });

  it("shows only the actions the viewer may take", async () => {
    const id = world.tickets.main.id;
    const asHandler = await (await handler.get(`/tickets/${id}`)).text();
    expect(intentsOn(asHandler)).toEqual(["return", "sign"]);
    expect(asHandler).toContain("138****1234");
    expect(asHandler).not.toContain("13800001234");
    expect(asHandler).toContain("受理登记");
    expect(asHandler).toContain("派单");
    expect(asHandler).toContain("区城管局");

    const operator = await signIn("operator");
    expect(intentsOn(await (await operator.get(`/tickets/${id}`)).text())).toEqual(["withdraw"]);

    const dispatcherClient = await signIn("dispatcher");
    const accepted = await (await dispatcherClient.get(`/tickets/${world.tickets.accepted.id}`)).text();
    expect(intentsOn(accepted)).toEqual(["withdraw"]);
    expect(accepted).toContain(`/dispatch?ticket=${world.tickets.accepted.id}`);
  });

  it("signs and replies, with a notice each time, and answers a stale action with 409 and the current state", async () => {
    const id = world.tickets.main.id;
    const signed = await handler.post(`/tickets/${id}`, { intent: "sign" });
    expect(signed.status).toBe(302);
    expect(signed.headers.get("location")).toBe(`/tickets/${id}?notice=sign`);
    const page = await (await handler.get(`/tickets/${id}?notice=sign`)).text();
    expect(page).toContain("已签收。");
    expect(intentsOn(page)).toEqual(["reply", "request_extension", "return", "start", "suspend"]);

    // The same form submitted again from a stale page.
    const stale = await handler.post(`/tickets/${id}`, { intent: "sign" });
    expect(stale.status).toBe(409);
    const staleHtml = await stale.text();
    expect(staleHtml).toContain("工单当前状态不允许此操作");
    expect(staleHtml).toContain("工单当前状态：已签收");

    const tooShort = await handler.post(`/tickets/${id}`, { intent: "reply", reply: "好" });
    expect(tooShort.status).toBe(400);
    expect(await tooShort.text()).toContain("答复内容须为 5–5000 字");

    const replied = await handler.post(`/tickets/${id}`, { intent: "reply", reply: "已安排执法队员现场处理，占道摊点已清理。" });
    expect(replied.status).toBe(302);
    const after = await (await handler.get(`/tickets/${id}`)).text();
    expect(after).toContain("已安排执法队员现场处理");
    expect(after).toContain("答复办结");
    expect(intentsOn(after)).toEqual([]);

    const supervisor = await signIn("supervisor");
    expect(intentsOn(await (await supervisor.get(`/tickets/${id}`)).text())).toEqual(["archive"]);
  });

  it("runs an extension request past the supervisor, and suspends and resumes", async () => {
    const id = world.tickets.extension.id;
    expect((await handler.post(`/tickets/${id}`, { intent: "sign" })).status).toBe(302);
    expect((await handler.post(`/tickets/${id}`, { intent: "start" })).status).toBe(302);
    const bad = await handler.post(`/tickets/${id}`, { intent: "request_extension", workingDays: "99", reason: "需要第三方检测" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("延期天数须为 1–30 个工作日");
    expect((await handler.post(`/tickets/${id}`, { intent: "request_extension", workingDays: "3", reason: "需要第三方检测" })).status).toBe(302);
    const pending = await (await handler.get(`/tickets/${id}`)).text();
    expect(intentsOn(pending)).not.toContain("request_extension");
    expect(pending).toContain("待审批的延期申请");

    const supervisor = await signIn("supervisor");
    const page = await (await supervisor.get(`/tickets/${id}`)).text();
    expect(intentsOn(page)).toEqual(["approve_extension", "refuse_extension", "withdraw"]);
    expect((await supervisor.post(`/tickets/${id}`, { intent: "approve_extension", note: "同意" })).status).toBe(302);
    const approved = await (await supervisor.get(`/tickets/${id}`)).text();
    expect(approved).toContain("同意延期");
    expect(approved).toContain("延期 3 个工作日");

    const badReason = await handler.post(`/tickets/${id}`, { intent: "suspend", reason: "随便" });
    expect(badReason.status).toBe(400);
    expect((await handler.post(`/tickets/${id}`, { intent: "suspend", reason: DEFAULT_SUSPEND_REASONS[0]!, note: "已联系市民" })).status).toBe(302);
    const suspended = await (await handler.get("/department?tab=suspended")).text();
    expect(suspended).toContain(world.tickets.extension.number);
    expect(suspended).toContain("已挂起（计时暂停）");
    expect((await handler.post(`/tickets/${id}`, { intent: "resume" })).status).toBe(302);
    const resumed = await (await handler.get(`/tickets/${id}`)).text();
    expect(resumed).toContain("恢复办理");
    expect(resumed).toContain("说明：已联系市民");
  });

  it("reveals the full contact once, and the audit log records it", async () => {
    const id = world.tickets.main.id;
    const response = await handler.post(`/tickets/${id}`, { intent: "reveal" });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("13800001234");
    expect(html).toContain("张三丰");
    expect(await (await handler.get(`/tickets/${id}`)).text()).not.toContain("13800001234");

    const admin = await signIn("admin");
    const audit = await (await admin.get("/admin/audit?action=personal_data.reveal")).text();
    expect(audit).toContain("查看个人信息");
    expect(audit).toContain(world.tickets.main.number);
    expect(audit).toContain("<td>handler</td>");
  });

  it("hides a confidential ticket's citizen from the department and refuses a reveal", async () => {
    const id = world.tickets.confidential.id;
    const html = await (await handler.get(`/tickets/${id}`)).text();
    expect(html).toContain("保密件，不显示诉求人信息");
    expect(html).not.toContain('value="reveal"');
    expect(html).not.toContain("139****2222");
    expect((await handler.post(`/tickets/${id}`, { intent: "reveal" })).status).toBe(403);
  });

  it("keeps other departments' tickets away from a handler: 404, not in the inbox, not in the export", async () => {
    const id = world.tickets.main.id;
    expect((await otherHandler.get(`/tickets/${id}`)).status).toBe(404);
    expect((await otherHandler.post(`/tickets/${id}`, { intent: "reveal" })).status).toBe(404);
    const inbox = await (await otherHandler.get("/department?tab=all")).text();
    expect(inbox).toContain(world.tickets.otherDept.number);
    expect(inbox).not.toContain(world.tickets.main.number);
    const csv = await (await otherHandler.get("/tickets/export.csv")).text();
    expect(csv).toContain(world.tickets.otherDept.number);
    expect(csv).not.toContain(world.tickets.main.number);
    expect((await handler.get(`/tickets/${world.tickets.otherDept.id}`)).status).toBe(404);
    // The all-tickets list is for the centre.
    expect((await handler.get("/tickets")).status).toBe(403);
  });

  it("exports CSV with a BOM, a header row, masked phones and safe escaping", async () => {
    const response = await handler.get("/tickets/export.csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment;/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const rows = parseCsv(text);
    const header = rows[0]!;
    expect(header[0]).toBe("办件编号");
    const phoneColumn = header.indexOf("联系电话（脱敏）");
    expect(phoneColumn).toBeGreaterThan(0);
    // Only 区城管局's tickets: main, confidential, overdue, urgent, tricky, extension.
    expect(rows.length).toBe(1 + 6);
    expect(text).not.toContain("13800001234");
    const main = rows.find((r) => r[0] === world.tickets.main.number)!;
    expect(main[phoneColumn]).toBe("138****1234");
    const confidential = rows.find((r) => r[0] === world.tickets.confidential.number)!;
    expect(confidential[phoneColumn]).toBe("");
    const tricky = rows.find((r) => r[0] === world.tickets.tricky.number)!;
    expect(tricky[header.indexOf("标题")]).toBe("'=1+1");
    expect(tricky[header.indexOf("诉求内容")]).toBe('含有"引号",逗号\n和换行的内容');
    expect(text).toContain('"含有""引号"",逗号\n和换行的内容"');
  });

  it("lists all tickets for the centre with filters, and exports with the same filters", async () => {
    const operator = await signIn("operator");
    const all = await (await operator.get("/tickets")).text();
    for (const t of Object.values(world.tickets)) expect(all).toContain(t.number);
    expect(all).not.toContain("严重影响休息");
    expect(all).not.toContain("138****1234");
    const reports = await (await operator.get("/tickets?type=report")).text();
    expect(reports).toContain(world.tickets.confidential.number);
    expect(reports).not.toContain(world.tickets.main.number);
    expect(reports).toContain('href="/tickets/export.csv?type=report"');
    const byDepartment = await (await operator.get(`/tickets?department=${world.zjj}`)).text();
    expect(byDepartment).toContain(world.tickets.otherDept.number);
    expect(byDepartment).not.toContain(world.tickets.main.number);
    const byText = await (await operator.get(`/tickets?q=${encodeURIComponent("路灯")}&state=dispatched`)).text();
    expect(byText).toContain(world.tickets.urgent.number);
    expect(byText).not.toContain(world.tickets.main.number);
    const future = await (await operator.get("/tickets?from=2099-01-01")).text();
    expect(future).toContain("没有符合条件的工单");

    const csv = await (await operator.get("/tickets/export.csv?type=report")).text();
    const rows = parseCsv(csv.replace(/^\uFEFF/, ""));
    expect(rows.length).toBe(2);
    expect(rows[1]![0]).toBe(world.tickets.confidential.number);
    // The centre sees a confidential ticket's citizen, masked.
    expect(csv).toContain("139****2222");
    expect(csv).not.toContain("13911112222");
  });
});
