/**
 * Working-time calendar maths for ticket time limits (domain.md §4).
 *
 * Everything here is pure: no I/O, no reading of the clock ("now" is always a parameter) and no
 * dependency on the process time zone. Instants are `Date`s; "local" always means the calendar's
 * own fixed UTC offset, never the server's zone.
 *
 * Working time is the union of the half-open intervals [start, end) of every working period of
 * every working day. An instant exactly at a period end is therefore NOT inside working time
 * (12:00 with a 09:00–12:00 period is the lunch break), but a deadline computed by adding time
 * may land exactly on a period end and stays there: "3 hours from 09:00" is 12:00, not 13:30.
 *
 * All walks go day by day (a Set lookup and a few comparisons per day), so limits of hundreds of
 * working days cost microseconds. A calendar whose working days are too sparse to ever reach a
 * deadline fails with an Error instead of looping forever.
 */

export interface WorkingPeriod {
  /** Local "HH:MM", inclusive. */
  start: string;
  /** Local "HH:MM" (or "24:00" for midnight at the end of the day), exclusive. */
  end: string;
}

export interface WorkingCalendar {
  /** Fixed UTC offset in minutes of the calendar's time zone; China is +480 and has no DST. */
  utcOffsetMinutes: number;
  /** Working periods of a working day, local "HH:MM" strings, sorted, non-overlapping, e.g. [{start:"09:00",end:"12:00"},{start:"13:30",end:"17:30"}]. */
  workingPeriods: readonly WorkingPeriod[];
  /** Days of week that are normally off (0 = Sunday … 6 = Saturday). */
  weekendDays: readonly number[];
  /** Local dates "YYYY-MM-DD" that are statutory days off even if they fall on a weekday. */
  holidays: ReadonlySet<string>;
  /** Local dates "YYYY-MM-DD" that are working days even if they fall on a weekend (调休). */
  makeUpWorkdays: ReadonlySet<string>;
}

/** China's zone (Asia/Shanghai): UTC+8 all year, no daylight saving time. */
export const DEFAULT_UTC_OFFSET_MINUTES = 480;

/** A common government office schedule; administrators can change it, so it is only a default. */
export const DEFAULT_WORKING_PERIODS: readonly WorkingPeriod[] = Object.freeze([
  Object.freeze({ start: "09:00", end: "12:00" }),
  Object.freeze({ start: "13:30", end: "17:30" }),
]);

/** Saturday and Sunday. */
export const DEFAULT_WEEKEND_DAYS: readonly number[] = Object.freeze([0, 6]);

/**
 * How many consecutive days without any working time a walk tolerates before giving up. Ten
 * years: far beyond any real holiday run, yet small enough to fail fast on a broken calendar
 * (every weekday marked as weekend, no working periods, …).
 */
export const MAX_DAYS_WITHOUT_WORK = 3660;

export interface WorkingCalendarInput {
  /** Defaults to {@link DEFAULT_UTC_OFFSET_MINUTES} (+480, China). */
  utcOffsetMinutes?: number;
  /** Defaults to {@link DEFAULT_WORKING_PERIODS}. Must not be empty. */
  workingPeriods?: readonly WorkingPeriod[];
  /** Defaults to {@link DEFAULT_WEEKEND_DAYS} (Saturday and Sunday). */
  weekendDays?: readonly number[];
  /** Defaults to none. */
  holidays?: Iterable<string>;
  /** Defaults to none. */
  makeUpWorkdays?: Iterable<string>;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** 1970-01-01, day number 0, was a Thursday. */
const EPOCH_DAY_OF_WEEK = 4;
/** Real zones range from UTC−12:00 to UTC+14:00. */
const MAX_OFFSET_MINUTES = 14 * 60;

const TIME_PATTERN = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Validates the input and returns a new calendar that shares no mutable state with it.
 * Throws an Error naming the offending value when:
 * - `utcOffsetMinutes` is not an integer within ±14 hours;
 * - `workingPeriods` is empty, a time is not "HH:MM" (00:00–23:59; "24:00" only as an end),
 *   a period does not have start < end, or the periods are not sorted or overlap
 *   (touching periods such as 09:00–12:00 and 12:00–13:00 are allowed);
 * - a weekend day is not an integer 0–6;
 * - a holiday or make-up workday is not a real "YYYY-MM-DD" date;
 * - a date is both a holiday and a make-up workday.
 */
export function createWorkingCalendar(input: WorkingCalendarInput = {}): WorkingCalendar {
  const utcOffsetMinutes = input.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES;
  if (!Number.isInteger(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) > MAX_OFFSET_MINUTES) {
    throw new Error(`Invalid UTC offset ${String(utcOffsetMinutes)}: expected a whole number of minutes between -${MAX_OFFSET_MINUTES} and +${MAX_OFFSET_MINUTES}.`);
  }

  const periods = (input.workingPeriods ?? DEFAULT_WORKING_PERIODS).map((p) => Object.freeze({ start: p.start, end: p.end }));
  parsePeriods(periods);

  const weekendDays = [...new Set(input.weekendDays ?? DEFAULT_WEEKEND_DAYS)].sort((a, b) => a - b);
  for (const day of weekendDays) {
    if (!Number.isInteger(day) || day < 0 || day > 6) {
      throw new Error(`Invalid weekend day ${String(day)}: expected an integer from 0 (Sunday) to 6 (Saturday).`);
    }
  }

  const holidays = new Set<string>();
  for (const date of input.holidays ?? []) {
    parseLocalDate(date, "holiday");
    holidays.add(date);
  }
  const makeUpWorkdays = new Set<string>();
  for (const date of input.makeUpWorkdays ?? []) {
    parseLocalDate(date, "make-up workday");
    if (holidays.has(date)) {
      throw new Error(`Date ${date} is both a holiday and a make-up workday.`);
    }
    makeUpWorkdays.add(date);
  }

  return Object.freeze({
    utcOffsetMinutes,
    workingPeriods: Object.freeze(periods),
    weekendDays: Object.freeze(weekendDays),
    holidays,
    makeUpWorkdays,
  });
}

/** The calendar's local date of `instant`, as "YYYY-MM-DD". */
export function localDate(cal: WorkingCalendar, instant: Date): string {
  return formatDayNumber(dayNumberOf(toLocalMs(cal, instant, "instant")));
}

/**
 * Whether the local date "YYYY-MM-DD" is a working day: a make-up workday always is; otherwise a
 * holiday is not; otherwise every day not listed in `weekendDays` is. (A date in both sets is
 * rejected by createWorkingCalendar; if a hand-built calendar has one, make-up wins.)
 * Says nothing about working periods: a working day of a calendar with no periods has no working time.
 */
export function isWorkingDay(cal: WorkingCalendar, localDate: string): boolean {
  return isWorkingDayNumber(cal, parseLocalDate(localDate, "date"));
}

/** Whether `at` is inside working time, i.e. within [start, end) of a period of a working day. */
export function isWorkingTime(cal: WorkingCalendar, at: Date): boolean {
  const periods = compiled(cal);
  const local = toLocalMs(cal, at, "instant");
  const day = dayNumberOf(local);
  if (!isWorkingDayNumber(cal, day)) return false;
  const msOfDay = local - day * DAY_MS;
  return periods.some((p) => msOfDay >= p.startMs && msOfDay < p.endMs);
}

/**
 * `at` itself if it is inside working time (see {@link isWorkingTime}), otherwise the start of the
 * next working period. Same as `addWorkingMinutes(cal, at, 0)`.
 */
export function nextWorkingInstant(cal: WorkingCalendar, at: Date): Date {
  return addWorkingMinutes(cal, at, 0);
}

/**
 * The instant at which `minutes` minutes of working time have elapsed, counting from `from`.
 * - Only working time counts; if `from` is outside it, counting starts at the next period start.
 * - Adding 0 returns `from` if it is inside working time, else the next period start.
 * - A result exactly at a period end stays at that end (it does not jump to the next start).
 * - `minutes` must be finite and ≥ 0; fractions are allowed and rounded to the millisecond.
 * Inverse of {@link workingMinutesBetween}: `workingMinutesBetween(cal, from, result) === minutes`
 * (for any `from`, up to that rounding).
 */
export function addWorkingMinutes(cal: WorkingCalendar, from: Date, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new Error(`Invalid number of working minutes ${String(minutes)}: expected a finite number ≥ 0.`);
  }
  const periods = compiled(cal);
  let remaining = Math.round(minutes * MINUTE_MS);
  let cursor = toLocalMs(cal, from, "start instant");
  let day = dayNumberOf(cursor);
  let daysWithoutWork = 0;
  for (;;) {
    if (periods.length > 0 && isWorkingDayNumber(cal, day)) {
      daysWithoutWork = 0;
      const dayStart = day * DAY_MS;
      for (const p of periods) {
        const periodEnd = dayStart + p.endMs;
        // Half-open periods: a cursor exactly at the end is already outside this period.
        if (cursor >= periodEnd) continue;
        const start = Math.max(cursor, dayStart + p.startMs);
        const available = periodEnd - start;
        if (remaining <= available) return fromLocalMs(cal, start + remaining);
        remaining -= available;
        cursor = periodEnd;
      }
    } else if (++daysWithoutWork > MAX_DAYS_WITHOUT_WORK) {
      throw noWorkError(day);
    }
    day += 1;
    cursor = Math.max(cursor, day * DAY_MS);
  }
}

/** `addWorkingMinutes(cal, from, hours * 60)`; fractional hours are allowed (1.5 = 90 minutes). */
export function addWorkingHours(cal: WorkingCalendar, from: Date, hours: number): Date {
  if (!Number.isFinite(hours) || hours < 0) {
    throw new Error(`Invalid number of working hours ${String(hours)}: expected a finite number ≥ 0.`);
  }
  return addWorkingMinutes(cal, from, hours * 60);
}

/**
 * The deadline for "within N working days" (N 个工作日内): the end of working time (the last
 * period's end) of the Nth working day after the local day of `from`. The day of `from` never
 * counts, whether or not it is a working day and whatever the time of day, so anything received
 * on a given day gets the same deadline. `days` must be a positive integer.
 */
export function addWorkingDays(cal: WorkingCalendar, from: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(`Invalid number of working days ${String(days)}: expected a positive integer.`);
  }
  const periods = compiled(cal);
  const last = periods[periods.length - 1];
  let day = dayNumberOf(toLocalMs(cal, from, "start instant"));
  let counted = 0;
  let daysWithoutWork = 0;
  while (counted < days) {
    day += 1;
    if (last !== undefined && isWorkingDayNumber(cal, day)) {
      counted += 1;
      daysWithoutWork = 0;
    } else if (++daysWithoutWork > MAX_DAYS_WITHOUT_WORK) {
      throw noWorkError(day);
    }
  }
  // `last` is defined here: with no periods the loop above throws instead of counting.
  return fromLocalMs(cal, day * DAY_MS + (last?.endMs ?? 0));
}

/**
 * Working minutes in [from, to): how much of a time limit the interval used, e.g. between
 * receipt and suspension, so the remainder can be re-added with addWorkingMinutes on resumption.
 * 0 if `to` <= `from`. Fractional if the instants are not on whole minutes.
 */
/** Working minutes in one full working day (e.g. 420 for 09:00–12:00 and 13:30–17:30). */
export function workingMinutesPerDay(cal: WorkingCalendar): number {
  return compiled(cal).reduce((sum, p) => sum + (p.endMs - p.startMs) / MINUTE_MS, 0);
}

export function workingMinutesBetween(cal: WorkingCalendar, from: Date, to: Date): number {
  const periods = compiled(cal);
  const start = toLocalMs(cal, from, "start instant");
  const end = toLocalMs(cal, to, "end instant");
  if (end <= start) return 0;
  let total = 0;
  const lastDay = dayNumberOf(end);
  for (let day = dayNumberOf(start); day <= lastDay; day += 1) {
    if (!isWorkingDayNumber(cal, day)) continue;
    const dayStart = day * DAY_MS;
    for (const p of periods) {
      const overlap = Math.min(end, dayStart + p.endMs) - Math.max(start, dayStart + p.startMs);
      if (overlap > 0) total += overlap;
    }
  }
  return total / MINUTE_MS;
}

// ---------------------------------------------------------------------------------------------
// Internals. "Local ms" = epoch milliseconds shifted by the calendar's offset, so that UTC
// arithmetic on them gives local wall-clock dates and times; "day number" = whole local days
// since 1970-01-01.

interface CompiledPeriod {
  startMs: number;
  endMs: number;
}

/** Parsed periods per calendar, so hot loops never re-parse "HH:MM" strings. */
const compiledPeriods = new WeakMap<WorkingCalendar, readonly CompiledPeriod[]>();

function compiled(cal: WorkingCalendar): readonly CompiledPeriod[] {
  let periods = compiledPeriods.get(cal);
  if (periods === undefined) {
    // Hand-built calendars (not from createWorkingCalendar) get validated here on first use;
    // an empty list is tolerated and simply means "no working time", which the walks report.
    periods = cal.workingPeriods.length === 0 ? [] : parsePeriods(cal.workingPeriods);
    compiledPeriods.set(cal, periods);
  }
  return periods;
}

function parsePeriods(periods: readonly WorkingPeriod[]): CompiledPeriod[] {
  if (periods.length === 0) {
    throw new Error("A working calendar needs at least one working period.");
  }
  const result: CompiledPeriod[] = [];
  let previous: (CompiledPeriod & { label: string }) | undefined;
  for (const period of periods) {
    const label = `${String(period.start)}–${String(period.end)}`;
    const startMinutes = parseTime(period.start, false, label);
    const endMinutes = parseTime(period.end, true, label);
    if (startMinutes >= endMinutes) {
      throw new Error(`Invalid working period ${label}: the start must be before the end.`);
    }
    const current = { startMs: startMinutes * MINUTE_MS, endMs: endMinutes * MINUTE_MS, label };
    if (previous !== undefined) {
      if (current.startMs < previous.startMs) {
        throw new Error(`Working periods must be sorted: ${label} comes after ${previous.label}.`);
      }
      if (current.startMs < previous.endMs) {
        throw new Error(`Working periods overlap: ${previous.label} and ${label}.`);
      }
    }
    result.push({ startMs: current.startMs, endMs: current.endMs });
    previous = current;
  }
  return result;
}

/** Minutes since local midnight of "HH:MM"; "24:00" only where `allowEndOfDay`. */
function parseTime(value: unknown, allowEndOfDay: boolean, label: string): number {
  const match = typeof value === "string" ? TIME_PATTERN.exec(value) : null;
  if (match === null || (match[3] !== undefined && !allowEndOfDay)) {
    throw new Error(`Invalid time ${JSON.stringify(value)} in working period ${label}: expected "HH:MM" from 00:00 to 23:59 (24:00 is allowed only as an end).`);
  }
  if (match[3] !== undefined) return 24 * 60;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Day number of a real "YYYY-MM-DD" date; throws naming `what` otherwise. */
function parseLocalDate(value: unknown, what: string): number {
  const match = typeof value === "string" ? DATE_PATTERN.exec(value) : null;
  if (match !== null) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const dayOfMonth = Number(match[3]);
    const ms = Date.UTC(year, month - 1, dayOfMonth);
    // Date.UTC rolls 2026-02-30 over to March and maps years 0–99 to 1900–1999; compare back.
    const check = new Date(ms);
    if (check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === dayOfMonth) {
      return ms / DAY_MS;
    }
  }
  throw new Error(`Invalid ${what} ${JSON.stringify(value)}: expected a real date as "YYYY-MM-DD".`);
}

function formatDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function isWorkingDayNumber(cal: WorkingCalendar, day: number): boolean {
  // Only format the date when a list could change the answer (both are usually small).
  if (cal.makeUpWorkdays.size > 0 || cal.holidays.size > 0) {
    const date = formatDayNumber(day);
    if (cal.makeUpWorkdays.has(date)) return true;
    if (cal.holidays.has(date)) return false;
  }
  const dayOfWeek = (((day + EPOCH_DAY_OF_WEEK) % 7) + 7) % 7;
  return !cal.weekendDays.includes(dayOfWeek);
}

function toLocalMs(cal: WorkingCalendar, instant: Date, what: string): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new Error(`Invalid ${what}: expected a valid Date, got ${String(instant)}.`);
  }
  return ms + cal.utcOffsetMinutes * MINUTE_MS;
}

function fromLocalMs(cal: WorkingCalendar, local: number): Date {
  return new Date(local - cal.utcOffsetMinutes * MINUTE_MS);
}

function dayNumberOf(local: number): number {
  return Math.floor(local / DAY_MS);
}

function noWorkError(day: number): Error {
  return new Error(`The working calendar has no working time in the ${MAX_DAYS_WITHOUT_WORK} days up to ${formatDayNumber(day)}: check its weekend days, holidays and working periods.`);
}
