import { and, asc, eq, gte, lte } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "~/db/client";
import { calendarDays } from "~/db/schema";
import { recordAudit } from "../audit";
import { WORKING_PERIODS_SETTING } from "../calendar/calendar-store";
import { createWorkingCalendar, DEFAULT_WORKING_PERIODS, type WorkingPeriod } from "../calendar/working-calendar";
import { type CommandContext, parseInput } from "../command";
import { conflict, invalidInput, notFound } from "../errors";
import { getSetting, putSetting } from "../settings";
import { configTarget, isRealDate } from "./shared";

export const CALENDAR_KINDS = ["holiday", "workday"] as const;
export type CalendarKind = (typeof CALENDAR_KINDS)[number];

export const MIN_CALENDAR_YEAR = 2000;
export const MAX_CALENDAR_YEAR = 2100;
/** A pasted arrangement has a few dozen lines; more is a paste of something else. */
export const MAX_IMPORT_LINES = 400;
/** The longest range one line may cover (the longest holiday is 9 days; a month leaves room). */
export const MAX_RANGE_DAYS = 31;
export const MAX_WORKING_PERIODS = 6;

/** The word used in pasted lines for each kind (休 day off, 班 make-up working day). */
export const KIND_WORDS: Record<CalendarKind, string> = { holiday: "休", workday: "班" };
const KIND_BY_WORD: Record<string, CalendarKind> = { 休: "holiday", 假: "holiday", holiday: "holiday", 班: "workday", 上班: "workday", workday: "workday" };
/** The name given to a line without one. */
const DEFAULT_NAMES: Record<CalendarKind, string> = { holiday: "节假日", workday: "调休上班" };

export interface CalendarDayInput {
  day: string;
  kind: CalendarKind;
  name: string;
}

const dayField = z.string({ message: "invalid_date" }).trim().refine(isRealDate, "invalid_date");
const nameField = z.string({ message: "calendar_name_invalid" }).trim().min(1, "calendar_name_invalid").max(20, "calendar_name_invalid");
export const calendarDayInputSchema = z.object({
  day: dayField,
  kind: z.enum(CALENDAR_KINDS, { message: "calendar_kind_invalid" }),
  name: nameField,
});
const yearField = z
  .number({ message: "calendar_year_invalid" })
  .int("calendar_year_invalid")
  .min(MIN_CALENDAR_YEAR, "calendar_year_invalid")
  .max(MAX_CALENDAR_YEAR, "calendar_year_invalid");

export function yearBounds(year: number) {
  return { first: `${year}-01-01`, last: `${year}-12-31` };
}

/** Days off and make-up working days of one year, in date order. */
export async function listCalendarDays(db: Queryable, year: number) {
  const { first, last } = yearBounds(year);
  return db
    .select()
    .from(calendarDays)
    .where(and(gte(calendarDays.day, first), lte(calendarDays.day, last)))
    .orderBy(asc(calendarDays.day));
}

/** Years that have any entries, ascending. */
export async function listCalendarYears(db: Queryable): Promise<number[]> {
  const rows = await db.select({ day: calendarDays.day }).from(calendarDays);
  return [...new Set(rows.map((r) => Number(r.day.slice(0, 4))))].sort((a, b) => a - b);
}

const CALENDAR_TARGET = configTarget("calendar_days", "工作日历");

export async function addCalendarDay(ctx: CommandContext, raw: CalendarDayInput) {
  const input = parseInput(calendarDayInputSchema, raw);
  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx.select().from(calendarDays).where(eq(calendarDays.day, input.day));
    // A date is either a day off or a make-up working day, never both; changing it is remove + add.
    if (existing) throw conflict("calendar_day_exists", { day: input.day, kind: KIND_WORDS[existing.kind], name: existing.name });
    const [row] = await tx.insert(calendarDays).values(input).returning();
    await recordAudit(tx, {
      action: "calendar.update",
      actor: ctx.actor,
      at: ctx.clock.now(),
      target: CALENDAR_TARGET,
      detail: { op: "add", before: null, after: formatLine(input) },
    });
    return row!;
  });
}

export async function removeCalendarDay(ctx: CommandContext, rawDay: string): Promise<void> {
  const day = parseInput(dayField, rawDay);
  await ctx.db.transaction(async (tx) => {
    const [removed] = await tx.delete(calendarDays).where(eq(calendarDays.day, day)).returning();
    if (!removed) throw notFound("calendar_day_not_found");
    await recordAudit(tx, {
      action: "calendar.update",
      actor: ctx.actor,
      at: ctx.clock.now(),
      target: CALENDAR_TARGET,
      detail: { op: "remove", before: formatLine(removed), after: null },
    });
  });
}

/** One line of a pasted arrangement: `YYYY-MM-DD 休 名称`, for the audit log and the import box. */
export function formatLine(day: CalendarDayInput, until?: string): string {
  return `${day.day}${until && until !== day.day ? `~${until}` : ""} ${KIND_WORDS[day.kind]} ${day.name}`;
}

/**
 * A year's entries as pasted lines, consecutive days of the same kind and name folded into a
 * range (`2026-02-15~2026-02-23 休 春节`), so an administrator can edit and import them back.
 */
export function formatArrangement(days: readonly CalendarDayInput[]): string {
  const sorted = [...days].sort((a, b) => a.day.localeCompare(b.day));
  const lines: string[] = [];
  let start: CalendarDayInput | null = null;
  let end = "";
  for (const day of sorted) {
    if (start && day.kind === start.kind && day.name === start.name && day.day === nextDate(end)) {
      end = day.day;
      continue;
    }
    if (start) lines.push(formatLine(start, end));
    start = day;
    end = day.day;
  }
  if (start) lines.push(formatLine(start, end));
  return lines.join("\n");
}

const DATE = String.raw`(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})`;
const LINE_PATTERN = new RegExp(
  String.raw`^${DATE}(?:\s*(?:~|～|至|到|—|–)\s*${DATE})?[\s,，]*(休|假|上班|班|holiday|workday)(?:[\s,，]+(.*))?$`,
  "i",
);

/**
 * Parses a pasted year's arrangement, one entry per line:
 *   `2026-02-15~2026-02-23 休 春节` or `2026-02-14 班 春节调休上班`
 * (休/假 = day off, 班/上班 = make-up working day; the name is optional; blank lines and lines
 * starting with # are skipped). Dates may fall in the neighbouring years (a New Year holiday can
 * start in December). Refuses, naming the line, anything else and a date given as both kinds.
 */
export function parseArrangement(text: string, year: number): CalendarDayInput[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > MAX_IMPORT_LINES) throw invalidInput("calendar_import_too_many", "text", { max: MAX_IMPORT_LINES });
  const byDay = new Map<string, CalendarDayInput & { line: number }>();
  for (const [index, rawLine] of lines.entries()) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) continue;
    const lineNumber = index + 1;
    const bad = () => invalidInput("calendar_import_line_invalid", "text", { line: lineNumber, text: line.slice(0, 60) });
    const match = LINE_PATTERN.exec(line);
    if (!match) throw bad();
    const from = isoDate(match[1]!, match[2]!, match[3]!);
    const to = match[4] ? isoDate(match[4], match[5]!, match[6]!) : from;
    if (!isRealDate(from) || !isRealDate(to) || to < from) throw bad();
    const kind = KIND_BY_WORD[match[7]!.toLowerCase()]!;
    const name = (match[8] ?? "").trim() || DEFAULT_NAMES[kind];
    if (name.length > 20) throw invalidInput("calendar_import_name_invalid", "text", { line: lineNumber });
    let day = from;
    for (let count = 0; day <= to; count += 1, day = nextDate(day)) {
      if (count >= MAX_RANGE_DAYS) throw invalidInput("calendar_import_range_too_long", "text", { line: lineNumber, max: MAX_RANGE_DAYS });
      const dayYear = Number(day.slice(0, 4));
      if (Math.abs(dayYear - year) > 1) throw invalidInput("calendar_import_outside_year", "text", { line: lineNumber, day, year });
      const earlier = byDay.get(day);
      if (earlier && earlier.kind !== kind) {
        throw invalidInput("calendar_import_both", "text", { day, line: lineNumber, earlierLine: earlier.line });
      }
      byDay.set(day, { day, kind, name, line: lineNumber });
    }
  }
  return [...byDay.values()].map(({ day, kind, name }) => ({ day, kind, name })).sort((a, b) => a.day.localeCompare(b.day));
}

/**
 * Replaces a year's arrangement with the pasted one (as published each year by the State
 * Council): every entry dated in `year` is removed, then the pasted entries are written, those in
 * the neighbouring years replacing any entry of the same date.
 */
export async function importCalendarYear(ctx: CommandContext, raw: { year: number; text: string }) {
  const year = parseInput(yearField, raw.year);
  if (typeof raw.text !== "string") throw invalidInput("calendar_import_empty", "text");
  const days = parseArrangement(raw.text, year);
  if (days.length === 0) throw invalidInput("calendar_import_empty", "text");
  return ctx.db.transaction(async (tx) => {
    const { first, last } = yearBounds(year);
    const removed = await tx
      .delete(calendarDays)
      .where(and(gte(calendarDays.day, first), lte(calendarDays.day, last)))
      .returning();
    const outside = days.filter((d) => d.day < first || d.day > last);
    const replaced = [];
    for (const day of outside) {
      const [old] = await tx.delete(calendarDays).where(eq(calendarDays.day, day.day)).returning();
      if (old) replaced.push(old);
    }
    await tx.insert(calendarDays).values(days);
    await recordAudit(tx, {
      action: "calendar.update",
      actor: ctx.actor,
      at: ctx.clock.now(),
      target: configTarget("calendar_days", `工作日历：${year} 年`),
      detail: { op: "import", year, before: formatArrangement([...removed, ...replaced]), after: formatArrangement(days) },
    });
    return {
      holidays: days.filter((d) => d.kind === "holiday").length,
      workdays: days.filter((d) => d.kind === "workday").length,
      removed: removed.length + replaced.length,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Working periods (the `calendar.working_periods` setting).

const storedPeriodsSchema = z.array(z.object({ start: z.string(), end: z.string() })).min(1);
const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

export function getWorkingPeriods(db: Queryable): Promise<WorkingPeriod[]> {
  return getSetting(db, WORKING_PERIODS_SETTING, storedPeriodsSchema, DEFAULT_WORKING_PERIODS.map((p) => ({ ...p })));
}

/**
 * Checks working periods the way the calendar will use them, reporting the first problem with a
 * code naming it; periods are sorted by start first, so their order in a form does not matter.
 */
export function validateWorkingPeriods(raw: readonly { start: string; end: string }[]): WorkingPeriod[] {
  const periods = raw.map((p) => ({ start: String(p.start ?? "").trim(), end: String(p.end ?? "").trim() }));
  if (periods.length === 0) throw invalidInput("working_periods_empty", "periods");
  if (periods.length > MAX_WORKING_PERIODS) throw invalidInput("working_periods_too_many", "periods", { max: MAX_WORKING_PERIODS });
  for (const p of periods) {
    for (const [value, isEnd] of [
      [p.start, false],
      [p.end, true],
    ] as const) {
      if (!TIME.test(value) || (!isEnd && value === "24:00")) throw invalidInput("working_period_time_invalid", "periods", { value });
    }
    if (p.start >= p.end) throw invalidInput("working_period_order", "periods", { period: `${p.start}–${p.end}` });
  }
  periods.sort((a, b) => a.start.localeCompare(b.start));
  for (let i = 1; i < periods.length; i += 1) {
    const [a, b] = [periods[i - 1]!, periods[i]!];
    if (b.start < a.end) throw invalidInput("working_periods_overlap", "periods", { a: `${a.start}–${a.end}`, b: `${b.start}–${b.end}` });
  }
  // The calendar itself is the final judge of what it accepts.
  try {
    createWorkingCalendar({ workingPeriods: periods });
  } catch (error) {
    throw invalidInput("working_periods_invalid", "periods", { problem: error instanceof Error ? error.message : String(error) });
  }
  return periods;
}

export async function updateWorkingPeriods(ctx: CommandContext, raw: readonly { start: string; end: string }[]): Promise<WorkingPeriod[]> {
  const periods = validateWorkingPeriods(raw);
  return ctx.db.transaction(async (tx) => {
    const before = await getWorkingPeriods(tx);
    const at = ctx.clock.now();
    await putSetting(tx, WORKING_PERIODS_SETTING, periods, at);
    await recordAudit(tx, {
      action: "settings.update",
      actor: ctx.actor,
      at,
      target: configTarget(WORKING_PERIODS_SETTING, "工作时段"),
      detail: { from: before, to: periods },
    });
    return periods;
  });
}

// ---------------------------------------------------------------------------------------------

function isoDate(year: string, month: string, day: string): string {
  return `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
}

/** The day after a "YYYY-MM-DD" date. */
export function nextDate(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
