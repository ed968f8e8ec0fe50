import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/client";
import { openTestDatabase, type TestDatabase } from "~/tests/helpers/databases";
import { createLogger } from "./logger";
import { createMetrics, formatMetrics, HttpMetrics, metricsAccessAllowed, routeGroup } from "./metrics";

/** Every line of the exposition: a comment, or `name{labels} value`. */
const SAMPLE_LINE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? (NaN|[+-]Inf|-?[0-9.e+-]+)$/;
const COMMENT_LINE = /^# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram))$/;

function expectValidExposition(text: string) {
  expect(text.endsWith("\n")).toBe(true);
  for (const line of text.trimEnd().split("\n")) {
    expect(SAMPLE_LINE.test(line) || COMMENT_LINE.test(line), line).toBe(true);
  }
}

const quietLogger = createLogger("error");

describe("formatMetrics", () => {
  it("writes HELP, TYPE and samples, escaping label values and help text", () => {
    const text = formatMetrics([
      { name: "a_total", help: "A counter\\with a \nnewline.", type: "counter", samples: [{ labels: { path: 'x"y\\z\nw' }, value: 3 }] },
      { name: "b", help: "A gauge.", type: "gauge", samples: [{ value: 0.25 }, { labels: { k: "inf" }, value: Infinity }, { labels: { k: "nan" }, value: NaN }] },
    ]);
    expect(text).toBe(
      [
        "# HELP a_total A counter\\\\with a \\nnewline.",
        "# TYPE a_total counter",
        'a_total{path="x\\"y\\\\z\\nw"} 3',
        "# HELP b A gauge.",
        "# TYPE b gauge",
        "b 0.25",
        'b{k="inf"} +Inf',
        'b{k="nan"} NaN',
        "",
      ].join("\n"),
    );
    expectValidExposition(text);
  });

  it("renders request counters and cumulative histograms by route group", () => {
    const http = new HttpMetrics();
    http.observe("GET", "/tickets", 200, 0.003);
    http.observe("GET", "/tickets", 200, 0.07);
    http.observe("POST", "/tickets", 302, 20);
    http.observe("BREW", "other", 404, 0.001);
    const text = formatMetrics(http.families());
    expectValidExposition(text);
    expect(text).toContain('hotline_http_requests_total{method="GET",route="/tickets",status="200"} 2');
    expect(text).toContain('hotline_http_requests_total{method="POST",route="/tickets",status="302"} 1');
    expect(text).toContain('hotline_http_requests_total{method="other",route="other",status="404"} 1');
    expect(text).toContain('hotline_http_request_duration_seconds_bucket{route="/tickets",le="0.005"} 1');
    expect(text).toContain('hotline_http_request_duration_seconds_bucket{route="/tickets",le="0.05"} 1');
    expect(text).toContain('hotline_http_request_duration_seconds_bucket{route="/tickets",le="0.1"} 2');
    expect(text).toContain('hotline_http_request_duration_seconds_bucket{route="/tickets",le="10"} 2');
    expect(text).toContain('hotline_http_request_duration_seconds_bucket{route="/tickets",le="+Inf"} 3');
    expect(text).toContain('hotline_http_request_duration_seconds_count{route="/tickets"} 3');
    expect(text).toMatch(/hotline_http_request_duration_seconds_sum\{route="\/tickets"\} 20\.07\d*/);
  });
});

describe("routeGroup", () => {
  it.each([
    ["/", "/"],
    ["/?x=1", "/"],
    ["/tickets", "/tickets"],
    ["/tickets/12345/attachments/9?download=1", "/tickets"],
    ["/telephony/voice", "/telephony"],
    ["/api/kb/search?q=噪音", "/api"],
    ["/stats?_data=routes%2Fstats", "/stats"],
    ["/wp-admin/setup.php", "other"],
    ["/12345", "other"],
    ["/TICKETS", "other"],
    ["http://example.com/tickets", "other"],
    ["", "other"],
  ])("%s → %s", (url, group) => {
    expect(routeGroup(url)).toBe(group);
  });
});

describe("metricsAccessAllowed", () => {
  const token = "0123456789abcdef-metrics";
  it("requires the bearer token when one is configured, wherever the client is", () => {
    expect(metricsAccessAllowed(token, `Bearer ${token}`, "10.1.2.3")).toBe(true);
    expect(metricsAccessAllowed(token, `bearer ${token}`, "10.1.2.3")).toBe(true);
    expect(metricsAccessAllowed(token, undefined, "127.0.0.1")).toBe(false);
    expect(metricsAccessAllowed(token, `Bearer ${token}x`, "127.0.0.1")).toBe(false);
    expect(metricsAccessAllowed(token, `Bearer ${token.slice(1)}`, "127.0.0.1")).toBe(false);
    expect(metricsAccessAllowed(token, `Basic ${token}`, "127.0.0.1")).toBe(false);
    expect(metricsAccessAllowed(token, "Bearer", "127.0.0.1")).toBe(false);
  });

  it("without a token, answers loopback clients only", () => {
    expect(metricsAccessAllowed(null, undefined, "127.0.0.1")).toBe(true);
    expect(metricsAccessAllowed(null, undefined, "::1")).toBe(true);
    expect(metricsAccessAllowed(null, undefined, "::ffff:127.0.0.1")).toBe(true);
    expect(metricsAccessAllowed(null, undefined, "10.0.0.5")).toBe(false);
    expect(metricsAccessAllowed(null, "Bearer whatever-it-is-long", "192.168.1.1")).toBe(false);
    expect(metricsAccessAllowed(null, undefined, undefined)).toBe(false);
  });
});

describe("createMetrics().render", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase("pglite");
  });
  afterAll(() => database.dispose());

  it("reports the database figures and process basics", async () => {
    const metrics = createMetrics({ db: database.db, clock: { now: () => new Date() }, logger: quietLogger, config: { metricsToken: null } });
    metrics.http.observe("GET", "/healthz", 200, 0.002);
    const text = await metrics.render();
    expectValidExposition(text);
    expect(text).toContain("hotline_database_up 1");
    expect(text).toMatch(/^hotline_tickets\{state="[a-z_]+"\} \d+$/m);
    expect(text).toMatch(/^hotline_outbox_pending \d+$/m);
    expect(text).toMatch(/^hotline_outbox_dead \d+$/m);
    expect(text).toMatch(/^hotline_deadline_watches_due \d+$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+$/m);
    expect(text).toMatch(/^process_uptime_seconds \d+$/m);
    expect(text).toContain('hotline_http_requests_total{method="GET",route="/healthz",status="200"} 1');
  });

  it("counts garbage-collection pauses", async () => {
    const metrics = createMetrics({ db: database.db, clock: { now: () => new Date() }, logger: quietLogger, config: { metricsToken: null } });
    const figure = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]);
    const before = await metrics.render();
    // Enough short-lived garbage for several young-generation collections.
    let kept = 0;
    for (let i = 0; i < 200_000; i++) kept += [{ i }, String(i)].length;
    expect(kept).toBe(400_000);
    // GC entries reach observers asynchronously, after the pause.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = await metrics.render();
    expectValidExposition(after);
    expect(figure(after, "process_gc_pauses_total")).toBeGreaterThan(figure(before, "process_gc_pauses_total"));
    expect(figure(after, "process_gc_pause_seconds_total")).toBeGreaterThan(figure(before, "process_gc_pause_seconds_total"));
    expect(figure(after, "process_gc_pause_max_seconds")).toBeGreaterThan(0);
  });

  it("still answers, with hotline_database_up 0, when the database fails", async () => {
    const failing = new Proxy({} as Database, {
      get: () => () => {
        throw new Error("connection refused");
      },
    });
    const metrics = createMetrics({ db: failing, clock: { now: () => new Date() }, logger: quietLogger, config: { metricsToken: null } });
    const text = await metrics.render();
    expectValidExposition(text);
    expect(text).toContain("hotline_database_up 0");
    expect(text).not.toContain("hotline_tickets");
    expect(text).toContain("process_resident_memory_bytes");
  });
});
