import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import { type RunningServer, startServerOn } from "~/tests/helpers/app-server";
import { testEngines } from "~/tests/helpers/databases";
import { Client } from "~/tests/helpers/http-client";

/** A 1×1 PNG: a real image the attachment check accepts. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

/**
 * 按部门隔离: a handler of department B must not reach a ticket of department A through any page,
 * data request, action, attachment, export or API — and must not learn that it exists.
 */
describe.each(testEngines)("department isolation on %s", (engine) => {
  let server: RunningServer;
  let ticket: { id: number; number: string };
  let attachmentId: string;
  let other: Client;

  beforeAll(async () => {
    server = await startServerOn(engine);
    const as = async (username: string) => {
      const client = new Client(server.baseUrl);
      expect((await client.signIn(username, DEMO_PASSWORD)).status, username).toBe(302);
      return client;
    };
    const operator = await as("operator");
    const intakePage = await (await operator.get("/intake")).text();
    const categoryId = /value="(\d+)"[^>]*>违法建设</.exec(intakePage)![1]!;
    const created = await operator.post("/intake", {
      categoryId,
      channel: "phone",
      citizenPhone: "13600001111",
      citizenName: "市民丙",
      requestType: "complaint",
      urgency: "normal",
      title: "隔离测试工单",
      description: "用于检查其他单位无法访问本工单。",
    });
    const html = await created.text();
    ticket = { id: Number(/href="\/tickets\/(\d+)"/.exec(html)![1]), number: /\d{13}/.exec(html)![0] };

    const admin = await as("admin");
    const departments = await (await admin.get("/admin/departments")).text();
    // The edit link that follows a department's code in the table gives its id.
    const idOf = (code: string) => /\/admin\/departments\/(\d+)/.exec(departments.slice(departments.indexOf(`<code>${code}</code>`)))![1]!;
    const cgj = idOf("CGJ");
    const zjj = idOf("ZJJ");
    const dispatcher = await as("dispatcher");
    expect((await dispatcher.post("/dispatch", { intent: "dispatch", ticketId: String(ticket.id), leadDepartmentId: cgj })).status).toBe(200);

    const handlerA = await as("handler");
    const form = new FormData();
    form.append("file", new Blob([PNG], { type: "image/png" }), "现场.png");
    const upload = await fetch(`${server.baseUrl}/tickets/${ticket.id}/attachments`, {
      method: "POST",
      body: form,
      headers: { cookie: handlerA.cookie!, origin: server.baseUrl },
      redirect: "manual",
    });
    expect(upload.status).toBe(302);
    const detail = await (await handlerA.get(`/tickets/${ticket.id}`)).text();
    attachmentId = /\/tickets\/\d+\/attachments\/(\d+)/.exec(detail)![1]!;

    const createdUser = await admin.post("/admin/users/new", { username: "zjj.handler", displayName: "住建经办人", password: "zjjpass1234", roles: "department_handler", departmentId: zjj });
    expect(createdUser.status, await createdUser.clone().text().then((t) => /form-error[^<]*<|role="alert">[^<]*/.exec(t)?.[0] ?? "")).toBe(302);
    other = new Client(server.baseUrl);
    expect((await other.signIn("zjj.handler", "zjjpass1234")).status).toBe(302);
  });
  afterAll(() => server?.stop());

  it("the ticket page, its data request and its attachment answer 404", async () => {
    expect((await other.get(`/tickets/${ticket.id}`)).status).toBe(404);
    expect((await other.get(`/tickets/${ticket.id}.data`)).status).toBe(404);
    expect((await other.get(`/tickets/${ticket.id}/attachments/${attachmentId}`)).status).toBe(404);
  });

  it("every action on it answers 404 and changes nothing", async () => {
    for (const intent of ["sign", "reply", "return", "request_extension", "reveal"]) {
      const response = await other.post(`/tickets/${ticket.id}`, { intent, reply: "越权答复内容", reason: "越权", workingDays: "2" });
      expect(response.status, intent).toBe(404);
    }
    const handlerA = new Client(server.baseUrl);
    await handlerA.signIn("handler", DEMO_PASSWORD);
    const page = await (await handlerA.get(`/tickets/${ticket.id}`)).text();
    expect(page).not.toContain("越权答复内容");
  });

  it("it is absent from the department's inbox and export, and the centre's pages are closed", async () => {
    for (const tab of ["pending", "working", "all"]) {
      expect(await (await other.get(`/department?tab=${tab}`)).text()).not.toContain(ticket.number);
    }
    const csv = await (await other.get(`/tickets/export.csv`)).text();
    expect(csv).not.toContain(ticket.number);
    expect((await other.get(`/tickets?q=${ticket.number}`)).status).toBe(403);
    expect((await other.get(`/intake/history?phone=13600001111`)).status).toBe(403);
    expect((await other.get(`/dispatch`)).status).toBe(403);
  });

  it("the public Open311 view shows only the public summary, no personal data", async () => {
    const response = await fetch(`${server.baseUrl}/open311/v2/requests/${ticket.number}.json`);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).not.toContain("13600001111");
    expect(body).not.toContain("市民丙");
  });
});
