import type { AppLoadContext } from "@remix-run/node";
import { requireRole } from "~/app/auth.server";
import { messages } from "~/app/i18n";
import { moduleByKey } from "~/app/navigation";
import { ticketActorOf } from "~/app/tickets.server";
import type { Queryable } from "~/db/client";
import { isRealDate } from "~/domain/admin-data/shared";
import { DEFAULT_UTC_OFFSET_MINUTES } from "~/domain/calendar/working-calendar";
import { listDepartments } from "~/domain/departments";
import type { StatsDefinitions } from "~/domain/stats/definitions";
import { statsComputedAt } from "~/domain/stats/freshness";
import { departmentRanking, type Period, ratesByDay } from "~/domain/stats/rates";

/**
 * Shared by the statistics routes (/stats, drill-down, exports, monthly report): who sees what,
 * reading and validating the period and other parameters (a clear 400 for anything malformed),
 * and the figures in the shape the pages and exports use.
 */

export const MAX_PERIOD_DAYS = 366;
const DAY_MS = 86_400_000;
const e = () => messages.stats.errors;

/** A 400 whose text the error page shows (ErrorPanel) and a download client reads. */
export function badRequest(message: string): Response {
  return new Response(message, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export interface StatsScope {
  /** null = every department (supervisors, administrators); otherwise the lead's own department. */
  departmentId: number | null;
  departmentName: string | null;
  administrator: boolean;
  /** Whether the drill-down lists tickets: administrators see the figures, not the complaints. */
  ticketDetails: boolean;
}

/** Guard for every statistics route: supervisors, department leads and administrators. */
export function requireStats(request: Request, context: AppLoadContext) {
  const user = requireRole(request, context, moduleByKey("stats").roles);
  const centre = user.roles.includes("supervisor") || user.roles.includes("administrator");
  if (!centre && user.departmentId === null) throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
  const scope: StatsScope = {
    departmentId: centre ? null : user.departmentId,
    departmentName: centre ? null : user.departmentName,
    administrator: user.roles.includes("administrator"),
    ticketDetails: user.roles.includes("supervisor") || user.roles.includes("department_lead"),
  };
  return { user, scope, db: context.services.db, clock: context.services.clock, actor: ticketActorOf(context, user) };
}

/** The local (China Standard Time) date of an instant, "YYYY-MM-DD". */
export function localDay(at: Date): string {
  return new Date(at.getTime() + DEFAULT_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10);
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Every day of a period, in order. */
export function daysOf(period: Period): string[] {
  const n = daysBetween(period.from, period.to);
  return Array.from({ length: n + 1 }, (_, i) => addDays(period.from, i));
}

/** A whole month "YYYY-MM" as a period. */
export function monthPeriod(month: string): Period {
  const [year, mon] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}

export function thisMonth(now: Date): Period {
  const today = localDay(now);
  return { from: `${today.slice(0, 7)}-01`, to: today };
}

/** The 30 local days up to today: the default, so the first of a month is not an empty page. */
export function last30Days(now: Date): Period {
  const today = localDay(now);
  return { from: addDays(today, -29), to: today };
}

export function previousMonth(now: Date): string {
  return addDays(`${localDay(now).slice(0, 7)}-01`, -1).slice(0, 7);
}

export type PeriodPreset = "last30Days" | "thisMonth" | "lastMonth" | "custom";

/**
 * ?from=&to= (both or neither; neither = the last 30 days). A malformed or impossible date, a
 * reversed or over-long period is a 400 saying which.
 */
export function periodFromUrl(url: URL, now: Date): { period: Period; preset: PeriodPreset } {
  const from = url.searchParams.get("from");
  const to = url.searchParams.get("to");
  if (!from && !to) return { period: last30Days(now), preset: "last30Days" };
  if (!from || !to) throw badRequest(e().periodIncomplete);
  if (!isRealDate(from)) throw badRequest(e().dateInvalid(messages.stats.period.from));
  if (!isRealDate(to)) throw badRequest(e().dateInvalid(messages.stats.period.to));
  if (from > to) throw badRequest(e().periodReversed);
  if (daysBetween(from, to) + 1 > MAX_PERIOD_DAYS) throw badRequest(e().periodTooLong(MAX_PERIOD_DAYS));
  const period = { from, to };
  const current = thisMonth(now);
  const last = monthPeriod(previousMonth(now));
  const recent = last30Days(now);
  const preset: PeriodPreset =
    from === recent.from && to === recent.to
      ? "last30Days"
      : from === current.from && to === current.to
        ? "thisMonth"
        : from === last.from && to === last.to
          ? "lastMonth"
          : "custom";
  return { period, preset };
}

/** ?month=YYYY-MM for the monthly report; absent = last month. */
export function monthFromUrl(url: URL, now: Date): string {
  const month = url.searchParams.get("month");
  if (month === null || month === "") return previousMonth(now);
  if (!/^\d{4}-\d{2}$/.test(month) || !isRealDate(`${month}-01`)) throw badRequest(e().monthInvalid);
  return month;
}

/** A positive integer id parameter; absent = null, anything malformed a 400 with `message`. */
export function idParam(url: URL, name: string, message: string): number | null {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return null;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) <= 0) throw badRequest(message);
  return Number(raw);
}

/** ?page=: a positive integer (absent = 1); anything else a 400. */
export function pageParam(url: URL): number {
  const raw = url.searchParams.get("page");
  if (raw === null || raw === "") return 1;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1) throw badRequest(e().pageInvalid);
  return Number(raw);
}

/** Departments by id (for names and to check a parameter names one). */
export async function departmentNames(db: Queryable): Promise<{ id: number; name: string }[]> {
  return (await listDepartments(db)).map((d) => ({ id: d.id, name: d.name }));
}

export type RankingRowView = Awaited<ReturnType<typeof loadRanking>>["rows"][number];

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** The ranking of the scope's departments over the period, with the rating denominator. */
export async function loadRanking(db: Queryable, scope: StatsScope, period: Period) {
  const { definitions, rows } = await departmentRanking(db, period, scope.departmentId);
  return {
    definitions,
    rows: rows.map((r) => ({
      departmentId: r.departmentId,
      name: r.name,
      code: r.code,
      rank: r.rank,
      received: r.received,
      signed: r.signed,
      signedOnTime: r.signedOnTime,
      replied: r.replied,
      repliedOnTime: r.repliedOnTime,
      resolvedAnswered: r.resolvedAnswered,
      resolvedYes: r.resolvedYes,
      counted: sum(r.rated) + (definitions.includeDefaulted ? sum(r.defaulted) : 0),
      reworked: r.reworked,
      reworkRounds: r.reworkRounds,
      rates: r.rates,
    })),
  };
}

export interface TrendPoint {
  day: string;
  received: number;
  response: number | null;
  resolution: number | null;
  satisfaction: number | null;
}

/** The three rates for every day of the period (days without tickets have none). */
export async function loadTrend(db: Queryable, period: Period, departmentId: number | null): Promise<TrendPoint[]> {
  const { rows } = await ratesByDay(db, period, departmentId);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return daysOf(period).map((day) => {
    const row = byDay.get(day);
    return {
      day,
      received: row?.received ?? 0,
      response: row?.rates.response ?? null,
      resolution: row?.rates.resolution ?? null,
      satisfaction: row?.rates.satisfaction ?? null,
    };
  });
}

export async function loadComputedAt(db: Queryable): Promise<string | null> {
  return (await statsComputedAt(db))?.toISOString() ?? null;
}

/** The definitions in words, for the pages and the exports. */
export function definitionLines(definitions: StatsDefinitions): string[] {
  const t = messages.stats.definitions;
  return [t.response, t.resolution, t.satisfaction(definitions.satisfiedLevels, definitions.includeDefaulted), t.onTime, t.rework, t.score(definitions.weights), t.attribution];
}

/** Query string for a period (and extra parameters), for links between the statistics pages. */
export function periodQuery(period: Period, extra: Record<string, string | number> = {}): string {
  const params = new URLSearchParams({ from: period.from, to: period.to });
  for (const [key, value] of Object.entries(extra)) params.set(key, String(value));
  return params.toString();
}
