import { afterAll, beforeAll, describe, expect, it } from "vitest";
import routes from "~/app/routes";
import { demoAccounts, DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import { type RunningServer, startServerOn } from "~/tests/helpers/app-server";
import { testEngines } from "~/tests/helpers/databases";
import { Client } from "~/tests/helpers/http-client";

/** Every path under /admin, read from the route config itself, so a new admin page is covered. */
function adminPaths(): string[] {
  type Node = { path?: string; index?: boolean; children?: Node[] };
  const paths: string[] = [];
  const walk = (nodes: Node[], prefix: string) => {
    for (const node of nodes) {
      const full = node.path ? `${prefix}/${node.path}`.replace(/\/+/g, "/") : prefix;
      if (full.startsWith("/admin") && (node.index || node.path)) paths.push(full);
      if (node.children) walk(node.children, full);
    }
  };
  walk(routes as Node[], "");
  return [...new Set(paths)];
}

describe.each(testEngines)("administration routes × roles on %s", (engine) => {
  let server: RunningServer;
  const clients = new Map<string, Client>();
  let concrete: (path: string) => string;

  beforeAll(async () => {
    server = await startServerOn(engine);
    for (const account of demoAccounts) {
      const client = new Client(server.baseUrl);
      const response = await client.signIn(account.username, DEMO_PASSWORD);
      expect(response.status, `${account.username} signs in`).toBe(302);
      clients.set(account.role, client);
    }
    // Real ids for the parameterised routes, found through the admin's own pages.
    const admin = clients.get("administrator")!;
    const usersPage = await (await admin.get("/admin/users")).text();
    const departmentsPage = await (await admin.get("/admin/departments")).text();
    const userId = /href="\/admin\/users\/([a-z0-9]+)"/.exec(usersPage)![1]!;
    const departmentId = /href="\/admin\/departments\/(\d+)"/.exec(departmentsPage)![1]!;
    concrete = (path) => path.replace("/users/:id", `/users/${userId}`).replace("/departments/:id", `/departments/${departmentId}`);
  });
  afterAll(() => server?.stop());

  const paths = adminPaths();

  it("covers every admin page in the route config", () => {
    expect(paths).toEqual(
      expect.arrayContaining(["/admin", "/admin/departments", "/admin/departments/new", "/admin/departments/:id", "/admin/users", "/admin/users/new", "/admin/users/:id", "/admin/audit"]),
    );
  });

  it.each(paths)("GET %s: administrators only, others 403, signed-out users sent to sign in", async (path) => {
    for (const account of demoAccounts) {
      const response = await clients.get(account.role)!.get(concrete(path));
      expect(response.status, `${account.role} GET ${path}`).toBe(account.role === "administrator" ? 200 : 403);
    }
    const anonymous = await new Client(server.baseUrl).get(concrete(path));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });

  it.each(paths)("POST %s: nobody but an administrator gets past the guard", async (path) => {
    for (const account of demoAccounts.filter((a) => a.role !== "administrator")) {
      const response = await clients.get(account.role)!.post(concrete(path), { intent: "deactivate", name: "x", code: "XX" });
      // 403 from the guard; 405 where the route has no action at all. Never 2xx/3xx.
      expect([403, 405], `${account.role} POST ${path} → ${response.status}`).toContain(response.status);
    }
    const anonymous = await new Client(server.baseUrl).post(concrete(path), { intent: "deactivate" });
    expect([302, 405]).toContain(anonymous.status);
  });
});
