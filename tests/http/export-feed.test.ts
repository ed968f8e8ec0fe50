import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServerOn } from "~/tests/helpers/app-server";
import { testEngines } from "~/tests/helpers/databases";

const EXPORT_KEY = "export-key-for-tests-0123456789";
const OPEN311_KEY = "open311-key-for-tests-0123456789";

describe.each(testEngines)("ticket export feed over HTTP on %s", (engine) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServerOn(engine, { EXPORT_API_KEYS: `other-export-key-abcdefgh,${EXPORT_KEY}`, OPEN311_API_KEYS: OPEN311_KEY });
  });
  afterAll(() => server?.stop());

  const feed = (query: string, key: string | null = EXPORT_KEY) =>
    fetch(`${server.baseUrl}/api/export/tickets${query}`, { headers: key ? { "X-Api-Key": key } : {} });
  const report = (description: string) =>
    fetch(`${server.baseUrl}/open311/v2/requests.json`, {
      method: "POST",
      body: new URLSearchParams({ api_key: OPEN311_KEY, service_code: "0101", description, phone: "13912345678", address_string: "卫东区光明路 12 号" }),
    });

  it("refuses callers without a valid key, and malformed cursors and limits, with clear JSON errors", async () => {
    for (const key of [null, "wrong-key-0123456789abcdef"]) {
      const response = await feed("", key);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: "api_key_invalid", message: expect.stringContaining("X-Api-Key") });
    }
    expect(await (await feed("?since=garbage")).json()).toMatchObject({ error: "cursor_invalid" });
    expect((await feed("?limit=0")).status).toBe(400);
    expect((await feed("?limit=abc")).status).toBe(400);
  });

  it("pages through the full history, then only what changed, and ends with an empty page", async () => {
    for (let i = 0; i < 3; i++) expect((await report(`楼道灯不亮，第 ${i + 1} 次反映，请尽快修理。`)).status).toBe(200);
    const numbers: string[] = [];
    let cursor = "";
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(10);
      const body = (await (await feed(`?since=${encodeURIComponent(cursor)}&limit=2`)).json()) as { tickets: { number: string; queryCode?: string; events: { action: string }[] }[]; cursor: string };
      cursor = body.cursor;
      if (!body.tickets.length) break;
      for (const ticket of body.tickets) {
        expect(ticket).not.toHaveProperty("queryCode");
        expect(ticket.events.map((e) => e.action)).toEqual(["create"]);
        numbers.push(ticket.number);
      }
    }
    expect(numbers).toHaveLength(3);
    expect(new Set(numbers).size).toBe(3);
    // One more ticket: the same cursor now returns just that one.
    await report("路口红绿灯故障，早晚高峰拥堵严重。");
    const next = (await (await feed(`?since=${encodeURIComponent(cursor)}`)).json()) as { tickets: { number: string }[] };
    expect(next.tickets).toHaveLength(1);
    expect(numbers).not.toContain(next.tickets[0]!.number);
  });
});
