import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import { type RunningServer, startServerOn } from "~/tests/helpers/app-server";
import { testEngines } from "~/tests/helpers/databases";
import { Client } from "~/tests/helpers/http-client";

const API_KEY = "test-open311-key-0123456789";

/** The Open311 GeoReport v2 description; the schema checks are skipped when it is absent. */
const SWAGGER_PATH = path.resolve("../shared/data/open311/georeport_v2-1.swagger.yaml");
interface Definition {
  required?: string[];
  properties: Record<string, { type: string }>;
}
const definitions: Record<string, Definition> | null = existsSync(SWAGGER_PATH)
  ? (parseYaml(readFileSync(SWAGGER_PATH, "utf8")) as { definitions: Record<string, Definition> }).definitions
  : null;
if (!definitions) console.warn(`Skipping the Open311 schema checks: ${SWAGGER_PATH} is absent (../shared/data is not beside the project).`);

/** The object has only property names the spec's definition lists, all required ones, and the right JSON types. */
function expectConforms(value: unknown, definition: string) {
  if (!definitions) return;
  const def = definitions[definition];
  expect(def, `definition ${definition}`).toBeDefined();
  expect(typeof value).toBe("object");
  const object = value as Record<string, unknown>;
  const allowed = Object.keys(def!.properties);
  expect(Object.keys(object).filter((k) => !allowed.includes(k)), `properties not in ${definition}`).toEqual([]);
  for (const name of def!.required ?? []) expect(object, `${definition}.${name} is required`).toHaveProperty(name);
  for (const [name, v] of Object.entries(object)) {
    const type = def!.properties[name]!.type;
    const expected = type === "integer" ? "number" : type;
    if (expected === "array") expect(Array.isArray(v), `${definition}.${name} is an array`).toBe(true);
    else expect(typeof v, `${definition}.${name} is a ${type}`).toBe(expected);
  }
}

/** The spec's error body: `[{code, description}]` with the HTTP status as code. */
async function expectOpen311Error(response: Response, status: number, pattern?: RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await response.json()) as { code: number; description: string }[];
  expect(Array.isArray(body)).toBe(true);
  expect(body).toHaveLength(1);
  expect(Object.keys(body[0]!).sort()).toEqual(["code", "description"]);
  expect(body[0]!.code).toBe(status);
  expect(body[0]!.description.length).toBeGreaterThan(5);
  if (pattern) expect(body[0]!.description).toMatch(pattern);
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 7, 7, 7]);
const HTML = new TextEncoder().encode("<html><body>not an image</body></html>");

describe.each(testEngines)("citizen pages, attachments and Open311 over HTTP on %s", (engine) => {
  let server: RunningServer;
  let categoryId = "";
  beforeAll(async () => {
    server = await startServerOn(engine, { OPEN311_API_KEYS: `another-key-abcdefghijkl,${API_KEY}` });
  });
  afterAll(() => server?.stop());

  const url = (p: string) => `${server.baseUrl}${p}`;

  /** A multipart form post as a browser sends it (with Origin), optionally with a session cookie. */
  function postMultipart(p: string, fields: Record<string, string>, files: { field: string; name: string; type: string; bytes: Uint8Array }[] = [], cookie?: string | null) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const f of files) form.append(f.field, new Blob([f.bytes as Uint8Array<ArrayBuffer>], { type: f.type }), f.name);
    return fetch(url(p), {
      method: "POST",
      body: form,
      redirect: "manual",
      headers: { origin: new URL(server.baseUrl).origin, ...(cookie ? { cookie } : {}) },
    });
  }

  function report(fields: Record<string, string> = {}, files: Parameters<typeof postMultipart>[2] = []) {
    return postMultipart(
      "/report",
      {
        requestType: "complaint",
        categoryId,
        title: "",
        description: "小区门口的路灯坏了一个多月，晚上出行很不方便。",
        address: "卫东区建设路 8 号",
        name: "王五",
        phone: "13700000001",
        website: "",
        ...fields,
      },
      files,
    );
  }

  async function receiptOf(response: Response) {
    const html = await response.text();
    expect(response.status, html.slice(0, 2000)).toBe(201);
    const number = /data-testid="ticket-number">([^<]+)</.exec(html)?.[1];
    const code = /data-testid="query-code">([^<]+)</.exec(html)?.[1];
    expect(number).toMatch(/^\w+$/);
    expect(code).toMatch(/^\d{6}$/);
    return { number: number!, code: code!, html };
  }

  async function dispatcher() {
    const client = new Client(server.baseUrl);
    expect((await client.signIn("dispatcher", DEMO_PASSWORD)).status).toBe(302);
    return client;
  }

  /** The staff ticket page id of a number, through the ticket search a dispatcher uses. */
  async function ticketIdOf(client: Client, number: string) {
    const list = await client.get(`/tickets?q=${encodeURIComponent(number)}`);
    const html = await list.text();
    expect(list.status, html.slice(0, 500)).toBe(200);
    const id = new RegExp(`href="/tickets/(\\d+)"[^>]*>${number}<`).exec(html)?.[1];
    expect(id, `ticket ${number} on /tickets?q=`).toBeDefined();
    return id!;
  }

  it("shows the public form with the hotline name, request types, categories and a link to the status page", async () => {
    const response = await fetch(url("/report"));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("12345 政务服务便民热线");
    for (const word of ["投诉", "求助", "咨询", "建议", "举报", "表扬"]) expect(html).toContain(`>${word}</option>`);
    expect(html).toContain('href="/status"');
    expect(html).toContain('name="website"');
    categoryId = /<option value="(\d+)">物业管理<\/option>/.exec(html)?.[1] ?? "";
    expect(categoryId).not.toBe("");
  });

  it("takes a complaint without an account, shows the number and query code, and the status page shows its progress", async () => {
    const { number, code, html } = await receiptOf(await report());
    expect(html).toContain(`/status?number=${number}`);

    const status = await fetch(url(`/status?number=${number}&code=${code}`));
    expect(status.status).toBe(200);
    const page = await status.text();
    expect(page).toContain(number);
    expect(page).toContain("已受理");
    expect(page).toContain("受理登记");
    expect(page).toContain("小区门口的路灯坏了一个多月");
    // No staff or actor names, no contact details.
    expect(page).not.toContain("citizen:web");
    expect(page).not.toContain("13700000001");

    const wrongCode = await fetch(url(`/status?number=${number}&code=${code === "000000" ? "111111" : "000000"}`));
    const unknown = await fetch(url(`/status?number=19990101999999&code=${code}`));
    expect(wrongCode.status).toBe(404);
    expect(unknown.status).toBe(404);
    const message = "未找到该办件，或查询码不正确";
    expect(await wrongCode.text()).toContain(message);
    expect(await unknown.text()).toContain(message);
    const missing = await fetch(url(`/status?number=${number}&code=`));
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("请同时填写办件编号和查询码");

    // The ticket reached the centre's queue.
    const client = await dispatcher();
    await ticketIdOf(client, number);
  });

  it("refuses bad input and the honeypot with a readable message, creating nothing", async () => {
    const short = await report({ description: "短" });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("诉求内容须为 5–5000 字");
    const noPhone = await report({ phone: "" });
    expect(noPhone.status).toBe(400);
    expect(await noPhone.text()).toContain("请填写联系电话");
    const bot = await report({ website: "http://spam.example" });
    expect(bot.status).toBe(400);
    expect(await bot.text()).toContain("提交未通过校验");
  });

  it("stores a photo sent with the public form, and staff download exactly those bytes", async () => {
    const { number, html } = await receiptOf(await report({ phone: "13700000002" }, [{ field: "files", name: "路灯 照片.png", type: "image/png", bytes: PNG }]));
    expect(html).toContain("已上传 1 个附件");
    const client = await dispatcher();
    const id = await ticketIdOf(client, number);
    const detail = await (await client.get(`/tickets/${id}`)).text();
    const attachmentId = new RegExp(`/tickets/${id}/attachments/(\\d+)`).exec(detail)?.[1];
    expect(attachmentId).toBeDefined();

    const download = await client.get(`/tickets/${id}/attachments/${attachmentId}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="__ __.png"; filename*=UTF-8''${encodeURIComponent("路灯 照片.png")}`);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PNG);

    // Signed out: the sign-in page, not the file.
    expect((await fetch(url(`/tickets/${id}/attachments/${attachmentId}`), { redirect: "manual" })).status).toBe(302);
    // A department that does not handle the ticket cannot see it.
    const handler = new Client(server.baseUrl);
    await handler.signIn("handler", DEMO_PASSWORD);
    expect((await handler.get(`/tickets/${id}/attachments/${attachmentId}`)).status).toBe(404);

    // Staff add a file on the ticket page: back to the ticket with a notice.
    const upload = await postMultipart(`/tickets/${id}/attachments`, {}, [{ field: "file", name: "scan.png", type: "image/png", bytes: PNG }], client.cookie);
    expect(upload.status).toBe(302);
    expect(upload.headers.get("location")).toBe(`/tickets/${id}?notice=uploaded`);
    const wrongType = await postMultipart(`/tickets/${id}/attachments`, {}, [{ field: "file", name: "x.png", type: "image/png", bytes: HTML }], client.cookie);
    expect(wrongType.status).toBe(400);
    expect(await wrongType.text()).toContain("格式不支持");
    const huge = new Uint8Array(10 * 1024 * 1024 + 1);
    huge.set(PNG);
    const tooBig = await postMultipart(`/tickets/${id}/attachments`, {}, [{ field: "file", name: "big.png", type: "image/png", bytes: huge }], client.cookie);
    expect(tooBig.status).toBe(413);
    expect(await tooBig.text()).toContain("文件超过 10 MB");
  });

  it("refuses oversized and wrong-type attachments on the public form before taking the request in", async () => {
    const huge = new Uint8Array(10 * 1024 * 1024 + 1);
    huge.set(PNG);
    const tooBig = await report({ phone: "13700000003" }, [{ field: "files", name: "big.png", type: "image/png", bytes: huge }]);
    expect(tooBig.status).toBe(413);
    const tooBigHtml = await tooBig.text();
    expect(tooBigHtml).toContain("文件超过 10 MB");
    expect(tooBigHtml).not.toContain('data-testid="ticket-number"');

    const disguised = await report({ phone: "13700000003" }, [{ field: "files", name: "photo.png", type: "image/png", bytes: HTML }]);
    expect(disguised.status).toBe(400);
    const html = await disguised.text();
    expect(html).toContain("只能上传 JPG、PNG、WebP 图片或 PDF 文件");
    expect(html).not.toContain('data-testid="ticket-number"');
    // The entered text is kept for another try.
    expect(html).toContain("小区门口的路灯坏了一个多月");

    const tooMany = await report({ phone: "13700000003" }, [1, 2, 3, 4].map((i) => ({ field: "files", name: `${i}.png`, type: "image/png", bytes: PNG })));
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain("附件最多 3 个");
  });

  it("limits reports per phone number with 429 and a Chinese message", async () => {
    for (let i = 0; i < 5; i++) await receiptOf(await report({ phone: "13800009999" }));
    const limited = await report({ phone: "138 0000 9999" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.text()).toMatch(/操作过于频繁，请 \d+ (秒|分钟|小时)后再试/);
  });

  it("lists the services (leaf categories) as the spec describes them", async () => {
    const response = await fetch(url("/open311/v2/services.json"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const services = (await response.json()) as Record<string, unknown>[];
    expect(services.length).toBeGreaterThan(10);
    for (const service of services) expectConforms(service, "Service");
    expect(services).toContainEqual(expect.objectContaining({ service_code: "0101", service_name: "物业管理", group: "城乡建设", type: "realtime", metadata: false }));
    expect(services.map((s) => s.service_code)).not.toContain("01"); // a group, not a leaf

    const definition = await fetch(url("/open311/v2/services/0101.json"));
    expect(definition.status).toBe(200);
    expectConforms(await definition.json(), "ServiceDefinition");
    await expectOpen311Error(await fetch(url("/open311/v2/services/0101.xml")), 400, /JSON/);
    await expectOpen311Error(await fetch(url("/open311/v2/services.xml")), 400, /JSON/);
    await expectOpen311Error(await fetch(url("/open311/v2/requests.xml")), 400, /JSON/);
    await expectOpen311Error(await fetch(url("/open311/v2/services/9999.json")), 404);
    await expectOpen311Error(await fetch(url("/open311/v2/services/0101")), 404);
  });

  it("creates a request with a valid api_key; staff see the ticket; reads never show the citizen's name or phone", async () => {
    const form = {
      api_key: API_KEY,
      jurisdiction_id: "weidong.example.gov.cn",
      service_code: "0101",
      lat: "34.7466",
      long: "113.6254",
      address_string: "卫东区光明路 12 号",
      description: "小区电梯经常停运，物业不予维修，请联系 13912345678 的楼长了解情况。",
      first_name: "三",
      last_name: "张",
      phone: "13912345678",
      email: "zhang@example.com",
      media_url: "https://example.com/a.jpg",
    };
    const response = await fetch(url("/open311/v2/requests.json"), { method: "POST", body: new URLSearchParams(form) });
    expect(response.status).toBe(200);
    const created = (await response.json()) as { service_request_id: string; service_notice: string }[];
    expect(created).toHaveLength(1);
    expectConforms(created[0], "RequestResponse");
    const number = created[0]!.service_request_id;
    expect(created[0]!.service_notice).toContain(number);

    const client = await dispatcher();
    await ticketIdOf(client, number);

    const one = await fetch(url(`/open311/v2/requests/${number}.json`));
    expect(one.status).toBe(200);
    const text = await one.text();
    for (const secret of ["张三", "13912345678", "zhang@example.com", "citizen", "open311:"]) expect(text).not.toContain(secret);
    const [request] = JSON.parse(text) as Record<string, unknown>[];
    expectConforms(request, "Request");
    expect(request).toMatchObject({ service_request_id: number, status: "open", service_code: "0101", service_name: "物业管理", address: "卫东区光明路 12 号", lat: 34.7466, long: 113.6254 });
    expect(request!.description).toContain("139****5678");

    const list = await fetch(url(`/open311/v2/requests.json?service_code=0101&status=open`));
    expect(list.status).toBe(200);
    const rows = (await list.json()) as Record<string, unknown>[];
    for (const row of rows) expectConforms(row, "Request");
    expect(rows.map((r) => r.service_request_id)).toContain(number);
    const closed = (await (await fetch(url(`/open311/v2/requests.json?status=closed`))).json()) as Record<string, unknown>[];
    expect(closed.map((r) => r.service_request_id)).not.toContain(number);
    const byId = (await (await fetch(url(`/open311/v2/requests.json?service_request_id=${number},00000000000000`))).json()) as Record<string, unknown>[];
    expect(byId.map((r) => r.service_request_id)).toEqual([number]);
    const today = new Date().toISOString().slice(0, 10);
    const inRange = (await (await fetch(url(`/open311/v2/requests.json?start_date=${today}T00:00:00Z&end_date=2099-01-01T00:00:00Z`))).json()) as unknown;
    expect(inRange).toBeDefined();

    await expectOpen311Error(await fetch(url(`/open311/v2/requests.json?start_date=yesterday`)), 400, /start_date/);
    await expectOpen311Error(await fetch(url(`/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`)), 400, /90/);
    await expectOpen311Error(await fetch(url(`/open311/v2/requests.json?status=pending`)), 400, /status/);
    await expectOpen311Error(await fetch(url(`/open311/v2/requests/${number}.xml`)), 400, /JSON/);
    await expectOpen311Error(await fetch(url(`/open311/v2/requests/19990101999999.json`)), 404);
  });

  it("refuses a POST without a valid api_key (403) and an unknown service code (400) in the spec's error form", async () => {
    const base = { service_code: "0101", address_string: "卫东区光明路 1 号", description: "路面塌陷，车辆无法通行。", phone: "13900000000" };
    await expectOpen311Error(await fetch(url("/open311/v2/requests.json"), { method: "POST", body: new URLSearchParams(base) }), 403, /api_key/);
    await expectOpen311Error(await fetch(url("/open311/v2/requests.json"), { method: "POST", body: new URLSearchParams({ ...base, api_key: "wrong-key-0123456789" }) }), 403);
    await expectOpen311Error(await fetch(url("/open311/v2/requests.json"), { method: "POST", body: new URLSearchParams({ ...base, api_key: API_KEY, service_code: "9999" }) }), 400, /9999/);
    await expectOpen311Error(await fetch(url("/open311/v2/requests.json"), { method: "POST", body: new URLSearchParams({ ...base, api_key: API_KEY, address_string: "" }) }), 400, /lat\/long/);
    await expectOpen311Error(await fetch(url("/open311/v2/requests.json"), { method: "POST", body: new URLSearchParams({ ...base, api_key: API_KEY, description: "短" }) }), 400, /^description: /);
    await expectOpen311Error(
      await fetch(url("/open311/v2/requests.json"), { method: "POST", body: JSON.stringify({ ...base, api_key: API_KEY }), headers: { "content-type": "application/json" } }),
      400,
      /x-www-form-urlencoded/,
    );
  });

  it("keeps a whistle-blowing report (举报) out of the public API", async () => {
    const { number, code } = await receiptOf(await report({ requestType: "report", phone: "13700000004", description: "某单位工作人员吃拿卡要，收取好处费。" }));
    await expectOpen311Error(await fetch(url(`/open311/v2/requests/${number}.json`)), 404);
    // The reporter still sees it with the query code.
    expect((await fetch(url(`/status?number=${number}&code=${code}`))).status).toBe(200);
  });

  it("limits status look-ups per IP with 429", async () => {
    let last: Response | null = null;
    for (let i = 0; i < 40; i++) {
      last = await fetch(url(`/status?number=19990101999999&code=123456`));
      if (last.status === 429) break;
      await last.text();
    }
    expect(last!.status).toBe(429);
    expect(await last!.text()).toContain("操作过于频繁");
  });
});
