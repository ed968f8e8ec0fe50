import { createHash, timingSafeEqual } from "node:crypto";
import { type IntervalHistogram, monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { and, count, isNotNull, lte, sql } from "drizzle-orm";
import type { NextFunction, Request, Response } from "express";
import type { Database } from "~/db/client";
import { deadlineWatches, TICKET_STATES, tickets } from "~/db/schema";
import type { Clock } from "~/domain/clock";
import { countDeadOutbox, countPendingOutbox } from "~/domain/outbox";
import type { Logger } from "./logger";

/**
 * `GET /metrics` in the Prometheus text exposition format (version 0.0.4), written by hand.
 * See docs/operations.md ("Metrics and alerting") for what to alert on.
 */

export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** Prometheus' default buckets, in seconds. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/**
 * The first path segments the app serves (app/routes.ts plus the Express routes). Anything else
 * is "other", so a scan of random paths cannot blow up the number of series.
 */
const ROUTE_GROUPS = new Set([
  "/",
  "/login",
  "/logout",
  "/report",
  "/status",
  "/rate",
  "/kb",
  "/open311",
  "/api",
  "/tickets",
  "/stats",
  "/notifications",
  "/home",
  "/intake",
  "/call-simulator",
  "/hotline-figures",
  "/dispatch",
  "/department",
  "/knowledge",
  "/supervision",
  "/callbacks",
  "/admin",
  "/telephony",
  "/healthz",
  "/metrics",
  "/assets",
  "/__manifest",
]);
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** "/tickets/123?x=1" → "/tickets"; unknown first segments → "other". Never a raw id. */
export function routeGroup(url: string): string {
  if (url.charCodeAt(0) !== 47 /* / */) return "other";
  let end = url.length;
  for (let i = 1; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */) {
      end = i;
      break;
    }
  }
  if (end === 1) return "/";
  const group = url.slice(0, end);
  return ROUTE_GROUPS.has(group) ? group : "other";
}

// ---------------------------------------------------------------------------------------------
// Text format

export type Labels = Readonly<Record<string, string>>;
export interface Sample {
  /** The sample name when it differs from the family's (histogram `_bucket`, `_sum`, `_count`). */
  name?: string;
  labels?: Labels;
  value: number;
}
export interface MetricFamily {
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram";
  samples: Sample[];
}

function escapeHelp(text: string) {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}
function escapeLabelValue(text: string) {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

/** Renders metric families as Prometheus text (0.0.4): HELP, TYPE, then one line per sample. */
export function formatMetrics(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const entries = sample.labels ? Object.entries(sample.labels) : [];
      const labels = entries.length ? `{${entries.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(",")}}` : "";
      lines.push(`${sample.name ?? family.name}${labels} ${formatValue(sample.value)}`);
    }
  }
  return lines.join("\n") + "\n";
}

// ---------------------------------------------------------------------------------------------
// HTTP request metrics

interface Histogram {
  /** Per-bucket (not cumulative) counts; the last slot is +Inf. */
  buckets: number[];
  sum: number;
  count: number;
}

/** Request counters and duration histograms, kept in memory for the life of the process. */
export class HttpMetrics {
  /** Key "METHOD route status" → count. */
  private readonly requests = new Map<string, number>();
  private readonly durations = new Map<string, Histogram>();

  observe(method: string, group: string, status: number, seconds: number) {
    const key = `${METHODS.has(method) ? method : "other"} ${group} ${status}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    let histogram = this.durations.get(group);
    if (!histogram) {
      histogram = { buckets: new Array<number>(DURATION_BUCKETS.length + 1).fill(0), sum: 0, count: 0 };
      this.durations.set(group, histogram);
    }
    let i = 0;
    while (i < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[i]!) i++;
    histogram.buckets[i]!++;
    histogram.sum += seconds;
    histogram.count++;
  }

  families(): MetricFamily[] {
    const requests: Sample[] = [];
    for (const [key, value] of [...this.requests].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const [method, route, status] = key.split(" ") as [string, string, string];
      requests.push({ labels: { method, route, status }, value });
    }
    const durations: Sample[] = [];
    const name = "hotline_http_request_duration_seconds";
    for (const [route, histogram] of [...this.durations].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      let cumulative = 0;
      DURATION_BUCKETS.forEach((le, i) => {
        cumulative += histogram.buckets[i]!;
        durations.push({ name: `${name}_bucket`, labels: { route, le: String(le) }, value: cumulative });
      });
      durations.push({ name: `${name}_bucket`, labels: { route, le: "+Inf" }, value: histogram.count });
      durations.push({ name: `${name}_sum`, labels: { route }, value: histogram.sum });
      durations.push({ name: `${name}_count`, labels: { route }, value: histogram.count });
    }
    return [
      { name: "hotline_http_requests_total", help: "HTTP requests answered, by method, route group (first path segment) and status.", type: "counter", samples: requests },
      { name, help: "HTTP request duration in seconds, by route group.", type: "histogram", samples: durations },
    ];
  }
}

const STARTED = Symbol("metricsStartedAt");
type TimedResponse = Response & { [STARTED]?: number };

/** Express middleware: one shared `finish` listener, no closure per request. */
export function requestMetricsMiddleware(metrics: HttpMetrics) {
  function onFinish(this: TimedResponse) {
    const started = this[STARTED];
    if (started === undefined) return;
    const req = this.req;
    metrics.observe(req.method, routeGroup(req.originalUrl), this.statusCode, (performance.now() - started) / 1000);
  }
  return (_req: Request, res: Response, next: NextFunction) => {
    (res as TimedResponse)[STARTED] = performance.now();
    res.once("finish", onFinish);
    next();
  };
}

// ---------------------------------------------------------------------------------------------
// Access

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

function digest(text: string) {
  return createHash("sha256").update(text).digest();
}

/**
 * With a token configured: only `Authorization: Bearer <token>` (compared in constant time).
 * Without one: only clients on the loopback interface, by the socket address (never X-Forwarded-For).
 */
export function metricsAccessAllowed(token: string | null, authorization: string | undefined, remoteAddress: string | undefined): boolean {
  if (token === null) return remoteAddress !== undefined && LOOPBACK.has(remoteAddress);
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? "");
  if (!match) return false;
  // Hashing first makes the comparison independent of the lengths.
  return timingSafeEqual(digest(match[1]!), digest(token));
}

// ---------------------------------------------------------------------------------------------
// Scrape

export interface MetricsServices {
  db: Database;
  clock: Clock;
  logger: Logger;
  config: { metricsToken: string | null };
}

const DATABASE_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function databaseFamilies(services: MetricsServices): Promise<MetricFamily[]> {
  const { db } = services;
  let up = 0;
  try {
    await withTimeout(db.execute(sql`select 1`), DATABASE_TIMEOUT_MS);
    up = 1;
  } catch (error) {
    services.logger.warn("metrics: database check failed", { error });
  }
  const families: MetricFamily[] = [
    { name: "hotline_database_up", help: "1 when the database answered a trivial query within 2 s, else 0.", type: "gauge", samples: [{ value: up }] },
  ];
  if (!up) return families;
  try {
    const [states, pending, dead, [due]] = await withTimeout(
      Promise.all([
        db.select({ state: tickets.state, n: count() }).from(tickets).groupBy(tickets.state),
        countPendingOutbox(db),
        countDeadOutbox(db),
        db
          .select({ n: count() })
          .from(deadlineWatches)
          .where(and(isNotNull(deadlineWatches.nextAt), lte(deadlineWatches.nextAt, services.clock.now()))),
      ]),
      DATABASE_TIMEOUT_MS * 5,
    );
    const byState = new Map(states.map((s) => [s.state, Number(s.n)]));
    families.push(
      { name: "hotline_tickets", help: "Tickets by state.", type: "gauge", samples: TICKET_STATES.map((state) => ({ labels: { state }, value: byState.get(state) ?? 0 })) },
      { name: "hotline_outbox_pending", help: "Outbox rows (SMS, search updates) still to be delivered.", type: "gauge", samples: [{ value: pending }] },
      { name: "hotline_outbox_dead", help: "Outbox rows whose attempts ran out (dead letters, /admin/outbox).", type: "gauge", samples: [{ value: dead }] },
      { name: "hotline_deadline_watches_due", help: "Deadline watches whose next level is due now (the sweep has not caught up).", type: "gauge", samples: [{ value: Number(due?.n ?? 0) }] },
    );
  } catch (error) {
    services.logger.warn("metrics: database figures failed", { error });
  }
  return families;
}

/**
 * Garbage-collection pauses of this process: every pause stops the event loop, so a heap that
 * keeps garbage alive too long shows here before it shows in response times (ADR 0011). One
 * observer per process, started with the first metrics.
 */
const gcPauses = { count: 0, seconds: 0, maxSinceScrape: 0, observing: false };

function observeGcPauses() {
  if (gcPauses.observing) return;
  gcPauses.observing = true;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const seconds = entry.duration / 1000;
        gcPauses.count += 1;
        gcPauses.seconds += seconds;
        gcPauses.maxSinceScrape = Math.max(gcPauses.maxSinceScrape, seconds);
      }
    }).observe({ entryTypes: ["gc"] });
  } catch {
    // A runtime without GC performance entries: the families are left out, as for loop delay.
    gcPauses.observing = false;
  }
}

export function createMetrics(services: MetricsServices) {
  const http = new HttpMetrics();
  const startedAt = Date.now() / 1000 - process.uptime();
  let loopDelay: IntervalHistogram | null = null;
  try {
    loopDelay = monitorEventLoopDelay({ resolution: 20 });
    loopDelay.enable();
  } catch {
    loopDelay = null;
  }
  observeGcPauses();

  function processFamilies(): MetricFamily[] {
    const cpu = process.cpuUsage();
    const families: MetricFamily[] = [
      { name: "process_resident_memory_bytes", help: "Resident memory size in bytes.", type: "gauge", samples: [{ value: process.memoryUsage.rss() }] },
      { name: "process_heap_used_bytes", help: "V8 heap in use, in bytes.", type: "gauge", samples: [{ value: process.memoryUsage().heapUsed }] },
      { name: "process_cpu_seconds_total", help: "User and system CPU time spent, in seconds.", type: "counter", samples: [{ value: (cpu.user + cpu.system) / 1e6 }] },
      { name: "process_start_time_seconds", help: "Start time of the process since the Unix epoch, in seconds.", type: "gauge", samples: [{ value: Math.round(startedAt) }] },
      { name: "process_uptime_seconds", help: "Seconds since the process started.", type: "gauge", samples: [{ value: Math.round(process.uptime()) }] },
    ];
    if (loopDelay && loopDelay.count > 0) {
      families.push(
        { name: "process_event_loop_lag_p99_seconds", help: "99th percentile event-loop delay since the previous scrape, in seconds.", type: "gauge", samples: [{ value: loopDelay.percentile(99) / 1e9 }] },
        { name: "process_event_loop_lag_max_seconds", help: "Largest event-loop delay since the previous scrape, in seconds.", type: "gauge", samples: [{ value: loopDelay.max / 1e9 }] },
      );
      loopDelay.reset();
    }
    if (gcPauses.observing) {
      families.push(
        { name: "process_gc_pauses_total", help: "Garbage-collection pauses.", type: "counter", samples: [{ value: gcPauses.count }] },
        { name: "process_gc_pause_seconds_total", help: "Time the process was paused for garbage collection, in seconds.", type: "counter", samples: [{ value: gcPauses.seconds }] },
        { name: "process_gc_pause_max_seconds", help: "Longest garbage-collection pause since the previous scrape, in seconds.", type: "gauge", samples: [{ value: gcPauses.maxSinceScrape }] },
      );
      gcPauses.maxSinceScrape = 0;
    }
    return families;
  }

  /** The whole exposition; answers even when the database does not (hotline_database_up 0). */
  async function render(): Promise<string> {
    return formatMetrics([...http.families(), ...(await databaseFamilies(services)), ...processFamilies()]);
  }

  /** `GET /metrics`; refused requests fall through to the app's ordinary 404 page. */
  async function handler(req: Request, res: Response, next: NextFunction) {
    if (!metricsAccessAllowed(services.config.metricsToken, req.headers.authorization, req.socket.remoteAddress)) return next();
    try {
      const body = await render();
      // res.end, not res.send: Express would reorder the content type's parameters.
      res.status(200).setHeader("Content-Type", METRICS_CONTENT_TYPE);
      res.setHeader("Cache-Control", "no-store");
      res.end(body);
    } catch (error) {
      next(error);
    }
  }

  return { http, middleware: requestMetricsMiddleware(http), handler, render };
}
