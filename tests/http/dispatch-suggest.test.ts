import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoAccounts, DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import { type RunningServer, startServerOn } from "~/tests/helpers/app-server";
import { testEngines } from "~/tests/helpers/databases";
import { Client } from "~/tests/helpers/http-client";

const ALLOWED = new Set(["dispatcher", "operator", "supervisor"]);

describe.each(testEngines)("dispatch suggestions and duplicate lookup over HTTP on %s", (engine) => {
  let server: RunningServer;
  const clients = new Map<string, Client>();

  /** A same-origin JSON POST, as the browser's fetch sends it. */
  async function postJson(client: Client, body: string) {
    return fetch(new URL("/api/dispatch/suggest", server.baseUrl), {
      method: "POST",
      body,
      headers: { "content-type": "application/json", origin: new URL(server.baseUrl).origin, ...(client.cookie ? { cookie: client.cookie } : {}) },
      redirect: "manual",
    });
  }

  beforeAll(async () => {
    server = await startServerOn(engine);
    for (const account of demoAccounts) {
      const client = new Client(server.baseUrl);
      expect((await client.signIn(account.username, DEMO_PASSWORD)).status, `${account.username} signs in`).toBe(302);
      clients.set(account.role, client);
    }
  });
  afterAll(() => server?.stop());

  it("answers POST /api/dispatch/suggest to dispatchers, operators and supervisors only, in JSON", async () => {
    const anonymous = await postJson(new Client(server.baseUrl), JSON.stringify({ text: "路灯不亮" }));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: "unauthenticated" });
    for (const account of demoAccounts) {
      const response = await postJson(clients.get(account.role)!, JSON.stringify({ text: "小区门口路灯不亮" }));
      expect(response.headers.get("content-type"), account.role).toMatch(/application\/json/);
      const body = (await response.json()) as { suggestions?: { label: string; departmentId: number; score: number }[]; error?: string };
      if (!ALLOWED.has(account.role)) {
        expect(response.status, account.role).toBe(403);
        expect(body.error).toBe("forbidden");
        continue;
      }
      expect(response.status, account.role).toBe(200);
      expect(Array.isArray(body.suggestions)).toBe(true);
      expect(body.suggestions!.length).toBeLessThanOrEqual(3);
      for (const s of body.suggestions!) {
        expect(typeof s.label).toBe("string");
        expect(Number.isInteger(s.departmentId)).toBe(true);
        expect(s.score).toBeGreaterThanOrEqual(0);
        expect(s.score).toBeLessThanOrEqual(1);
      }
    }
  });

  it("refuses malformed requests with 400 and a message saying what is wrong", async () => {
    const dispatcher = clients.get("dispatcher")!;
    const cases: [string, string][] = [
      ["{not json", "invalid_json"],
      [JSON.stringify({}), "text_required"],
      [JSON.stringify({ text: 42 }), "text_required"],
      [JSON.stringify({ text: "   " }), "text_required"],
      [JSON.stringify({ text: "长".repeat(5001) }), "text_too_long"],
    ];
    for (const [body, error] of cases) {
      const response = await postJson(dispatcher, body);
      expect(response.status, body.slice(0, 30)).toBe(400);
      const parsed = (await response.json()) as { error: string; message: string };
      expect(parsed.error).toBe(error);
      expect(parsed.message.length).toBeGreaterThan(5);
    }
    expect((await dispatcher.get("/api/dispatch/suggest")).status).toBe(405);
  });

  it("looks up similar open tickets for centre staff only", async () => {
    const query = "/api/tickets/similar?title=" + encodeURIComponent("路灯不亮") + "&description=" + encodeURIComponent("晚上路灯不亮");
    for (const account of demoAccounts) {
      const response = await clients.get(account.role)!.get(query);
      expect(response.status, account.role).toBe(ALLOWED.has(account.role) ? 200 : 403);
      if (ALLOWED.has(account.role)) expect(Array.isArray(((await response.json()) as { tickets: unknown[] }).tickets)).toBe(true);
    }
    expect((await clients.get("operator")!.get("/api/tickets/similar?title=a")).status).toBe(400);
  });
});
