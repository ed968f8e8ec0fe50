import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import { type RunningServer, startServerOn } from "~/tests/helpers/app-server";
import { testEngines } from "~/tests/helpers/databases";
import { Client } from "~/tests/helpers/http-client";

describe.each(testEngines)("sign-in, sessions and CSRF over HTTP on %s", (engine) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServerOn(engine);
  });
  afterAll(() => server?.stop());

  it("answers /healthz with the database status", async () => {
    const response = await fetch(`${server.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: { ok: true, engine } });
  });

  it("shows the Chinese sign-in page at /", async () => {
    const response = await fetch(`${server.baseUrl}/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('lang="zh-CN"');
    expect(html).toContain("工作人员登录");
  });

  it("signs the demo operator in with an httpOnly SameSite cookie and lands on the intake desk", async () => {
    const client = new Client(server.baseUrl);
    const response = await client.signIn("operator", DEMO_PASSWORD);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/intake");
    expect(response.headers.get("set-cookie")).toMatch(/HttpOnly/);
    expect(response.headers.get("set-cookie")).toMatch(/SameSite=Lax/);
    expect((await client.get("/intake")).status).toBe(200);
    expect((await client.get("/dispatch")).status).toBe(403);
    expect((await client.get("/no-such-module")).status).toBe(404);
  });

  it("returns to the page asked for, but never to another site", async () => {
    const client = new Client(server.baseUrl);
    const ok = await client.post("/login", { username: "supervisor", password: DEMO_PASSWORD, redirectTo: "/stats" });
    expect(ok.headers.get("location")).toBe("/stats");
    const other = new Client(server.baseUrl);
    const evil = await other.post("/login", { username: "supervisor", password: DEMO_PASSWORD, redirectTo: "//evil.example/x" });
    expect(evil.headers.get("location")).toBe("/supervision");
  });

  it("refuses form posts without or with a foreign Origin (CSRF) before anything happens", async () => {
    const client = new Client(server.baseUrl);
    const missing = await client.post("/login", { username: "operator", password: DEMO_PASSWORD }, { origin: null });
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain("请求来源无法验证");
    const foreign = await client.post("/login", { username: "operator", password: DEMO_PASSWORD }, { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(client.cookie).toBeNull();
  });

  it("locks an account after five wrong passwords with a Chinese message, and the audit log shows the attempts", async () => {
    const client = new Client(server.baseUrl);
    for (let i = 0; i < 4; i++) {
      const response = await client.signIn("dispatcher", `wrong-password-${i}`);
      expect(response.status).toBe(401);
      expect(await response.text()).toContain("用户名或密码错误");
    }
    const fifth = await client.signIn("dispatcher", "wrong-password-5");
    expect(fifth.status).toBe(429);
    expect(await fifth.text()).toMatch(/账号已锁定，请 15 分钟后再试/);
    const correct = await client.signIn("dispatcher", DEMO_PASSWORD);
    expect(correct.status).toBe(429);

    const admin = new Client(server.baseUrl);
    await admin.signIn("admin", DEMO_PASSWORD);
    const audit = await (await admin.get("/admin/audit?action=auth.sign_in_failed&q=dispatcher")).text();
    expect(audit.match(/<td>登录失败<\/td>/g)?.length).toBe(6);
    const locked = await (await admin.get("/admin/audit?action=auth.locked")).text();
    expect(locked).toContain("账号锁定");
  });

  it("rejects malformed sign-in input with 400 and a readable message", async () => {
    const client = new Client(server.baseUrl);
    const empty = await client.post("/login", { username: "", password: "" });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("请输入用户名和密码");
    const huge = await client.post("/login", { username: "x".repeat(10_000), password: "y" });
    expect(huge.status).toBe(400);
  });

  it("ends the session on sign-out, and a deactivated user's session stops working at once", async () => {
    const operator = new Client(server.baseUrl);
    await operator.signIn("operator", DEMO_PASSWORD);
    const cookie = operator.cookie;
    const out = await operator.post("/logout", {});
    expect(out.headers.get("location")).toBe("/login?signedOut=1");
    const reused = new Client(server.baseUrl);
    reused.cookie = cookie;
    expect((await reused.get("/intake")).status).toBe(302);

    const handler = new Client(server.baseUrl);
    await handler.signIn("handler", DEMO_PASSWORD);
    expect((await handler.get("/department")).status).toBe(200);
    const admin = new Client(server.baseUrl);
    await admin.signIn("admin", DEMO_PASSWORD);
    const users = await (await admin.get("/admin/users?q=handler")).text();
    const handlerId = /href="\/admin\/users\/([a-z0-9]+)">handler</.exec(users)![1]!;
    const deactivate = await admin.post(`/admin/users/${handlerId}`, { intent: "deactivate" });
    expect(deactivate.status).toBe(302);
    expect((await handler.get("/department")).status).toBe(302);
    expect((await handler.signIn("handler", DEMO_PASSWORD)).status).toBe(401);
  });

  it("lets an administrator create a user and shows a clear 400 for bad input", async () => {
    const admin = new Client(server.baseUrl);
    await admin.signIn("admin", DEMO_PASSWORD);
    const bad = await admin.post("/admin/users/new", {
      username: "new.handler",
      displayName: "新经办人",
      password: "abcdefghij1",
      roles: "department_handler",
      departmentId: "",
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("承办单位角色必须选择所属单位");
    const good = await admin.post("/admin/users/new", {
      username: "new.handler",
      displayName: "新经办人",
      password: "abcdefghij1",
      roles: "department_handler",
      departmentId: "1",
    });
    expect(good.status).toBe(302);
    const fresh = new Client(server.baseUrl);
    expect((await fresh.signIn("new.handler", "abcdefghij1")).headers.get("location")).toBe("/department");
  });
});
