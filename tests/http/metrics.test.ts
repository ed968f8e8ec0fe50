import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer, startServerOn } from "~/tests/helpers/app-server";
import { testEngines } from "~/tests/helpers/databases";

const TOKEN = "test-metrics-token-0123456789";

/** Each line: `# HELP name …`, `# TYPE name kind`, or `name{labels} value`. */
const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:\\.|[^"\\])*",?)*\})? (NaN|[+-]Inf|-?[0-9.e+-]+)$/;
const COMMENT_LINE = /^# (?:HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (?:counter|gauge|histogram))$/;

/** Parses the exposition into "name{labels}" → value, failing on any line that is not valid. */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.trimEnd().split("\n")) {
    if (COMMENT_LINE.test(line)) continue;
    const match = SAMPLE_LINE.exec(line);
    expect(match, `not a valid exposition line: ${line}`).not.toBeNull();
    samples.set(`${match![1]}${match![2] ?? ""}`, Number(match![3]));
  }
  return samples;
}

describe.each(testEngines)("GET /metrics with METRICS_TOKEN on %s", (engine) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServerOn(engine, { METRICS_TOKEN: TOKEN });
  });
  afterAll(() => server?.stop());

  const scrape = () => fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });

  it("answers 404 without the token or with a wrong one, even on loopback", async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: `Bearer ${TOKEN}x` }, { authorization: "Bearer wrong-token-wrong-token" }, { authorization: `Basic ${TOKEN}` }];
    for (const headers of attempts) {
      const response = await fetch(`${server.baseUrl}/metrics`, { headers });
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain("hotline_");
    }
  });

  it("answers the Prometheus text format with the right token, and counts requests", async () => {
    const first = await scrape();
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const before = parse(await first.text());
    expect(before.get("hotline_database_up")).toBe(1);
    expect([...before.keys()].some((k) => k.startsWith('hotline_tickets{state="'))).toBe(true);
    expect(before.get("hotline_outbox_pending")).toBeGreaterThanOrEqual(0);
    expect(before.get("hotline_outbox_dead")).toBeGreaterThanOrEqual(0);
    expect(before.get("hotline_deadline_watches_due")).toBeGreaterThanOrEqual(0);
    expect(before.get("process_resident_memory_bytes")).toBeGreaterThan(0);

    const healthz = 'hotline_http_requests_total{method="GET",route="/healthz",status="200"}';
    const status = 'hotline_http_requests_total{method="GET",route="/status",status="200"}';
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.baseUrl}/status`)).status).toBe(200);
    // Raw ids and unknown paths never become label values.
    await fetch(`${server.baseUrl}/tickets/987654321`);
    await fetch(`${server.baseUrl}/no-such-page-${Date.now()}`);

    const after = parse(await (await scrape()).text());
    expect(after.get(healthz)).toBe((before.get(healthz) ?? 0) + 3);
    expect(after.get(status)).toBe((before.get(status) ?? 0) + 1);
    expect(after.get('hotline_http_request_duration_seconds_count{route="/healthz"}')).toBeGreaterThanOrEqual(3);
    expect(after.get('hotline_http_request_duration_seconds_bucket{route="/healthz",le="+Inf"}')).toBe(
      after.get('hotline_http_request_duration_seconds_count{route="/healthz"}'),
    );
    expect([...after.keys()].some((k) => k.includes('route="/tickets"'))).toBe(true);
    expect([...after.keys()].some((k) => k.includes('route="other"'))).toBe(true);
    expect([...after.keys()].some((k) => /987654321|no-such-page/.test(k))).toBe(false);
  });
});

describe("GET /metrics without METRICS_TOKEN", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server?.stop());

  it("answers loopback clients, whatever X-Forwarded-For says", async () => {
    const response = await fetch(`${server.baseUrl}/metrics`, { headers: { "x-forwarded-for": "203.0.113.9" } });
    expect(response.status).toBe(200);
    expect(parse(await response.text()).get("hotline_database_up")).toBe(1);
  });
});
