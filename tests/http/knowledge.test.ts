import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "~/app/i18n";
import { DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import { type RunningServer, startServerOn } from "~/tests/helpers/app-server";
import { testEngines } from "~/tests/helpers/databases";
import { Client } from "~/tests/helpers/http-client";

type Article = Record<string, string>;

/**
 * The knowledge-base pages over HTTP: who may open and change what (department editors their own
 * department's articles, reviewers publish), field-level validation, sanitised Markdown, the
 * version diff, the citizens' /kb (public + published only), overdue reviews, and the staff
 * ticket search scoped by role.
 */
describe.each(testEngines)("knowledge base pages on %s", (engine) => {
  let server: RunningServer;
  const clients: Record<string, Client> = {};
  let cgj: string;
  let zjj: string;

  const as = async (username: string, password = DEMO_PASSWORD) => {
    const client = new Client(server.baseUrl);
    expect((await client.signIn(username, password)).status, username).toBe(302);
    return client;
  };
  const article = (patch: Article = {}): Article => ({
    type: "faq",
    title: "测试文章",
    body: "正文内容。",
    departmentId: cgj,
    visibility: "public",
    reviewBy: "",
    ...patch,
  });
  /** Creates an article through the form; returns its id. */
  const create = async (client: Client, fields: Article) => {
    const response = await client.post("/knowledge/new", fields);
    expect(response.status, await response.clone().text().then((t) => /role="alert">([^<]*)/.exec(t)?.[1] ?? "")).toBe(302);
    return /\/knowledge\/(\d+)$/.exec(response.headers.get("location")!)![1]!;
  };
  const transition = (client: Client, id: string, intent: string) => client.post(`/knowledge/${id}`, { intent, note: "" });
  const publishedBy = async (client: Client, fields: Article) => {
    const id = await create(client, fields);
    expect((await transition(client, id, "publish")).status).toBe(200);
    return id;
  };

  beforeAll(async () => {
    server = await startServerOn(engine);
    for (const name of ["admin", "operator", "dispatcher", "supervisor", "handler", "lead"]) clients[name] = await as(name);
    const departments = await (await clients.admin!.get("/admin/departments")).text();
    const idOf = (code: string) => /\/admin\/departments\/(\d+)/.exec(departments.slice(departments.indexOf(`<code>${code}</code>`)))![1]!;
    cgj = idOf("CGJ");
    zjj = idOf("ZJJ");
    const created = await clients.admin!.post("/admin/users/new", { username: "zjj.editor", displayName: "住建经办人", password: "zjjpass1234", roles: "department_handler", departmentId: zjj });
    expect(created.status).toBe(302);
    clients.other = await as("zjj.editor", "zjjpass1234");
  });
  afterAll(() => server?.stop());

  it("opens the pages to the roles that may use them", async () => {
    const expected: Record<string, Record<string, number>> = {
      "/knowledge": { admin: 200, operator: 200, dispatcher: 200, supervisor: 200, handler: 200, lead: 200 },
      "/knowledge/new": { admin: 200, supervisor: 200, handler: 200, lead: 200, operator: 403, dispatcher: 403 },
      "/knowledge/synonyms": { admin: 200, supervisor: 200, operator: 403, dispatcher: 403, handler: 403, lead: 403 },
    };
    for (const [path, byRole] of Object.entries(expected)) {
      for (const [role, status] of Object.entries(byRole)) expect((await clients[role]!.get(path)).status, `${role} ${path}`).toBe(status);
      const anonymous = await new Client(server.baseUrl).get(path);
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get("location")).toMatch(/^\/login/);
    }
  });

  it("lets a department edit its own articles only, and only reviewers publish", async () => {
    const handler = clients.handler!;
    const other = clients.other!;
    const id = await create(handler, article({ title: "本单位文章：占道经营投诉处理" }));
    // Another department: cannot open the editor, save, or change the status (403), nor read the draft (404).
    expect((await other.get(`/knowledge/${id}/edit`)).status).toBe(403);
    expect((await other.post(`/knowledge/${id}/edit`, article({ title: "越权修改的标题" }))).status).toBe(403);
    expect((await transition(other, id, "submit")).status).toBe(403);
    expect((await other.get(`/knowledge/${id}`)).status).toBe(404);
    // Nor create one in the name of another department.
    expect((await handler.post("/knowledge/new", article({ departmentId: zjj }))).status).toBe(403);

    expect((await transition(handler, id, "submit")).status).toBe(200);
    expect((await transition(handler, id, "publish")).status).toBe(403);
    expect((await transition(clients.supervisor!, id, "publish")).status).toBe(200);
    const page = await (await other.get(`/knowledge/${id}`)).text();
    expect(page).toContain("本单位文章：占道经营投诉处理");
    expect(page).not.toContain("越权修改的标题");
  });

  it("shows the domain's validation message next to the field", async () => {
    const response = await clients.handler!.post(
      "/knowledge/new",
      article({ type: "service_guide", title: "办事指南：时限校验", "guide.legalLimitDays": "10", "guide.promisedLimitDays": "6" }),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(new RegExp(`id="error-guide-promisedLimitDays"[^>]*>${messages.knowledge.errorCodes.promised_limit_over_half}<`));
    expect(html).toMatch(/name="guide.promisedLimitDays"[^>]*aria-invalid="true"/);
  });

  it("renders the Markdown body without its raw HTML, with the service-guide fields", async () => {
    const id = await publishedBy(
      clients.admin!,
      article({
        type: "service_guide",
        title: "办事指南：摊点临时占道许可",
        body: '## 注意事项\n\n<script>alert("kb-xss")</script>\n\n<img src=x onerror="alert(2)">',
        "guide.itemName": "临时占道许可",
        "guide.legalLimitDays": "20",
        "guide.promisedLimitDays": "10",
        "guide.materials": "申请书\n身份证",
      }),
    );
    for (const path of [`/knowledge/${id}`, `/kb/${id}`]) {
      const html = await (await (path.startsWith("/kb") ? new Client(server.baseUrl) : clients.operator!).get(path)).text();
      expect(html, path).toContain("<h2>注意事项</h2>");
      expect(html, path).not.toContain('<script>alert("kb-xss")');
      expect(html, path).not.toContain("<img src=x");
      expect(html, path).toContain("&lt;script&gt;");
      expect(html, path).toContain("临时占道许可");
      expect(html, path).toMatch(/<li>申请书<\/li><li>身份证<\/li>/);
    }
  });

  it("shows a word diff between two versions", async () => {
    const handler = clients.handler!;
    const id = await create(handler, article({ title: "共享单车乱停放处理", body: "请拨打12345反映，由城管部门清理。" }));
    expect((await handler.post(`/knowledge/${id}/edit`, article({ title: "共享单车乱停放处理", body: "请拨打12345反映，由街道办事处清理。" }))).status).toBe(302);
    const html = await (await handler.get(`/knowledge/${id}/history?from=1&to=2`)).text();
    expect(html).toMatch(/<del title="删除">[^<]*城管[^<]*<\/del>/);
    expect(html).toMatch(/<ins title="新增">[^<]*街道[^<]*<\/ins>/);
  });

  it("never shows citizens an internal or unpublished article on /kb", async () => {
    const admin = clients.admin!;
    const publicId = await publishedBy(admin, article({ title: "犬只登记公开指南", body: "犬只登记：携带疫苗证明到派出所办理。" }));
    const internalId = await publishedBy(admin, article({ title: "犬只登记内部口径", body: "犬只登记的内部答复口径。", visibility: "internal" }));
    const draftId = await create(admin, article({ title: "犬只登记草稿", body: "犬只登记草稿内容。" }));
    for (const client of [new Client(server.baseUrl), admin]) {
      const html = await (await client.get(`/kb?q=${encodeURIComponent("犬只登记")}`)).text();
      expect(html).toContain("犬只登记公开指南");
      expect(html).toContain("<mark>");
      expect(html).not.toContain("犬只登记内部口径");
      expect(html).not.toContain("犬只登记草稿");
    }
    const anonymous = new Client(server.baseUrl);
    expect((await anonymous.get(`/kb/${publicId}`)).status).toBe(200);
    expect((await anonymous.get(`/kb/${internalId}`)).status).toBe(404);
    expect((await anonymous.get(`/kb/${draftId}`)).status).toBe(404);
    // Staff searching in the workspace do see the internal one.
    expect(await (await clients.operator!.get(`/knowledge?q=${encodeURIComponent("犬只登记")}`)).text()).toContain("犬只登记内部口径");
    // The citizen pages link to the knowledge base.
    expect(await (await anonymous.get("/report")).text()).toContain('href="/kb"');
  });

  it("flags overdue reviews to the owner department", async () => {
    await publishedBy(clients.admin!, article({ title: "复核到期的城管文章", reviewBy: "2020-01-01" }));
    const own = await (await clients.handler!.get("/knowledge")).text();
    expect(own).toContain(messages.knowledge.pages.list.overdueTitle(1).slice(0, 6));
    expect(own).toMatch(/复核到期的城管文章<\/a>/);
    const other = await (await clients.other!.get("/knowledge")).text();
    expect(other).not.toContain(messages.knowledge.pages.list.overdueHint);
    const due = await (await clients.handler!.get(`/knowledge?review=due&department=${cgj}`)).text();
    expect(due).toMatch(/复核到期的城管文章<\/a><span class="badge warn">需复核/);
  });

  it("lets reviewers edit synonym groups", async () => {
    const admin = clients.admin!;
    expect((await admin.post("/knowledge/synonyms", { intent: "create", terms: "噪音=噪声，扰民", note: "" })).status).toBe(200);
    expect(await (await admin.get("/knowledge/synonyms")).text()).toContain("噪音 = 噪声 = 扰民");
    const refused = await admin.post("/knowledge/synonyms", { intent: "create", terms: "孤词", note: "" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(messages.knowledge.errorCodes.synonym_terms_required);
    expect((await clients.operator!.post("/knowledge/synonyms", { intent: "create", terms: "甲=乙", note: "" })).status).toBe(403);
  });

  it("searches tickets by text within what each role may see", async () => {
    const operator = clients.operator!;
    const intakePage = await (await operator.get("/intake")).text();
    const categoryId = /value="(\d+)"[^>]*>违法建设</.exec(intakePage)![1]!;
    const created = await operator.post("/intake", {
      categoryId,
      channel: "phone",
      citizenPhone: "13600002222",
      requestType: "complaint",
      urgency: "normal",
      title: "检索范围测试：天台违建",
      description: "楼顶天台搭建彩钢房，检索关键词甲乙丙。",
    });
    const html = await created.text();
    const ticket = { id: /href="\/tickets\/(\d+)"/.exec(html)![1]!, number: /\d{13}/.exec(html)![0] };
    expect((await clients.dispatcher!.post("/dispatch", { intent: "dispatch", ticketId: ticket.id, leadDepartmentId: cgj })).status).toBe(200);

    const q = encodeURIComponent("关键词甲乙丙");
    expect(await (await operator.get(`/tickets?q=${q}`)).text()).toContain(ticket.number);
    expect(await (await clients.supervisor!.get(`/tickets?q=${ticket.number}`)).text()).toContain(ticket.number);
    expect(await (await clients.handler!.get(`/department?tab=all&q=${q}`)).text()).toContain(ticket.number);
    expect(await (await clients.handler!.get(`/department?tab=all&q=${encodeURIComponent("没有这样的内容")}`)).text()).not.toContain(ticket.number);
    expect(await (await clients.other!.get(`/department?tab=all&q=${q}`)).text()).not.toContain(ticket.number);
    expect((await clients.other!.get(`/tickets?q=${q}`)).status).toBe(403);
  });
});
