import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { seedHolidayCalendars } from "~/db/seed/holidays";
import {
  addWorkingDays,
  addWorkingHours,
  addWorkingMinutes,
  createWorkingCalendar,
  DEFAULT_UTC_OFFSET_MINUTES,
  DEFAULT_WEEKEND_DAYS,
  DEFAULT_WORKING_PERIODS,
  isWorkingDay,
  isWorkingTime,
  localDate,
  nextWorkingInstant,
  type WorkingCalendar,
  type WorkingCalendarInput,
  workingMinutesBetween,
  workingMinutesPerDay,
} from "./working-calendar";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 60 * MINUTE_MS;

const seedPeriods = seedHolidayCalendars.flatMap((year) => year.periods);
const seedDaysOff = seedPeriods.flatMap((p) => p.daysOff);
const seedMakeUpWorkdays = seedPeriods.flatMap((p) => p.makeUpWorkdays);

/** The real 2026 Chinese calendar with the default 09:00–12:00, 13:30–17:30 schedule. */
const cal = createWorkingCalendar({ holidays: seedDaysOff, makeUpWorkdays: seedMakeUpWorkdays });

/** "2026-09-25 15:00" (optionally ":SS" or ":SS.mmm") in China time → instant. */
function at(local: string): Date {
  const date = new Date(`${local.replace(" ", "T")}+08:00`);
  if (Number.isNaN(date.getTime())) throw new Error(`bad test instant ${local}`);
  return date;
}

/** Instant → "YYYY-MM-DD HH:MM" in China time, with seconds/milliseconds only when non-zero. */
function show(instant: Date): string {
  const iso = new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString();
  const minutes = `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  if (iso.slice(17, 23) === "00.000") return minutes;
  return iso.slice(20, 23) === "000" ? `${minutes}:${iso.slice(17, 19)}` : `${minutes}:${iso.slice(17, 23)}`;
}

/** mulberry32: a tiny deterministic PRNG, so "random" tests are reproducible without a dependency. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function randomInt(random: () => number, min: number, maxInclusive: number): number {
  return min + Math.floor(random() * (maxInclusive - min + 1));
}

/** Dates around which the interesting things happen (holidays, make-up days, year end). */
const ANCHORS = ["2025-12-29", "2026-01-04", "2026-02-12", "2026-02-27", "2026-04-03", "2026-04-30", "2026-05-09", "2026-06-18", "2026-09-18", "2026-09-24", "2026-09-30", "2026-10-10"];

/** A random instant, either anywhere from Dec 2025 to Dec 2026 or within ±5 days of an anchor. */
function randomInstant(random: () => number, precision: "minute" | "millisecond"): Date {
  let ms: number;
  if (random() < 0.5) {
    ms = randomInt(random, at("2025-12-01 00:00").getTime(), at("2026-12-31 00:00").getTime());
  } else {
    const anchor = ANCHORS[randomInt(random, 0, ANCHORS.length - 1)] ?? "2026-01-01";
    ms = at(`${anchor} 00:00`).getTime() + randomInt(random, -5 * DAY_MS, 5 * DAY_MS);
  }
  if (precision === "minute") ms = Math.floor(ms / MINUTE_MS) * MINUTE_MS;
  return new Date(ms);
}

/**
 * An independent, deliberately naive model of the same calendar: minute by minute, straight from
 * the seed data and the default schedule, sharing no code with the implementation.
 */
const oracle = (() => {
  const off = new Set(seedDaysOff);
  const makeUp = new Set(seedMakeUpWorkdays);
  const dayCache = new Map<number, boolean>();
  const isWorkingMinute = (instantMs: number): boolean => {
    const local = instantMs + CHINA_OFFSET_MS;
    const day = Math.floor(local / DAY_MS);
    let working = dayCache.get(day);
    if (working === undefined) {
      const date = new Date(day * DAY_MS);
      const ymd = date.toISOString().slice(0, 10);
      const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
      working = makeUp.has(ymd) || (!off.has(ymd) && !weekend);
      dayCache.set(day, working);
    }
    if (!working) return false;
    const minuteOfDay = Math.floor((local - day * DAY_MS) / MINUTE_MS);
    return (minuteOfDay >= 9 * 60 && minuteOfDay < 12 * 60) || (minuteOfDay >= 13 * 60 + 30 && minuteOfDay < 17 * 60 + 30);
  };
  return {
    /** For minute-aligned `from` and whole `minutes` only. */
    add(from: Date, minutes: number): Date {
      let t = from.getTime();
      if (minutes === 0) {
        while (!isWorkingMinute(t)) t += MINUTE_MS;
        return new Date(t);
      }
      let counted = 0;
      for (;;) {
        if (isWorkingMinute(t)) {
          counted += 1;
          if (counted === minutes) return new Date(t + MINUTE_MS);
        }
        t += MINUTE_MS;
      }
    },
    /** For minute-aligned instants only. */
    between(from: Date, to: Date): number {
      let count = 0;
      for (let t = from.getTime(); t < to.getTime(); t += MINUTE_MS) if (isWorkingMinute(t)) count += 1;
      return count;
    },
  };
})();

describe("createWorkingCalendar", () => {
  it("defaults to China's offset, Saturday/Sunday weekends, the default schedule and no holidays", () => {
    const plain = createWorkingCalendar();
    expect(plain.utcOffsetMinutes).toBe(480);
    expect(DEFAULT_UTC_OFFSET_MINUTES).toBe(480);
    expect(plain.workingPeriods).toEqual([
      { start: "09:00", end: "12:00" },
      { start: "13:30", end: "17:30" },
    ]);
    expect(DEFAULT_WORKING_PERIODS).toEqual(plain.workingPeriods);
    expect([...plain.weekendDays]).toEqual([...DEFAULT_WEEKEND_DAYS]);
    expect(plain.weekendDays).toEqual([0, 6]);
    expect(plain.holidays.size).toBe(0);
    expect(plain.makeUpWorkdays.size).toBe(0);
  });

  it("copies its input, so later changes to the caller's arrays and sets do not leak in", () => {
    const holidays = new Set(["2026-03-02"]);
    const periods = [{ start: "08:00", end: "12:00" }];
    const weekend = [5, 6, 6];
    const custom = createWorkingCalendar({ holidays, workingPeriods: periods, weekendDays: weekend, utcOffsetMinutes: 0 });
    holidays.add("2026-03-03");
    periods.push({ start: "13:00", end: "14:00" });
    const firstPeriod = periods[0];
    if (firstPeriod) firstPeriod.end = "23:00";
    weekend.push(0);
    expect(custom.holidays.has("2026-03-03")).toBe(false);
    expect(custom.workingPeriods).toEqual([{ start: "08:00", end: "12:00" }]);
    expect(custom.weekendDays).toEqual([5, 6]);
    expect(Object.isFrozen(custom)).toBe(true);
    expect(Object.isFrozen(custom.workingPeriods)).toBe(true);
  });

  it("accepts touching periods, a period ending at 24:00 and negative offsets", () => {
    const custom = createWorkingCalendar({
      utcOffsetMinutes: -300,
      workingPeriods: [
        { start: "00:00", end: "12:00" },
        { start: "12:00", end: "24:00" },
      ],
      weekendDays: [],
    });
    expect(custom.workingPeriods).toHaveLength(2);
    // Round the clock, every day: working time is continuous.
    expect(workingMinutesBetween(custom, new Date("2026-03-01T00:00:00Z"), new Date("2026-03-08T00:00:00Z"))).toBe(7 * 24 * 60);
    expect(addWorkingMinutes(custom, new Date("2026-03-01T04:59:00Z"), 2)).toEqual(new Date("2026-03-01T05:01:00Z"));
  });

  const invalid: [string, WorkingCalendarInput, RegExp][] = [
    ["a fractional offset", { utcOffsetMinutes: 480.5 }, /UTC offset 480\.5/],
    ["an offset beyond ±14 h", { utcOffsetMinutes: 900 }, /UTC offset 900/],
    ["a NaN offset", { utcOffsetMinutes: Number.NaN }, /UTC offset NaN/],
    ["no working periods", { workingPeriods: [] }, /at least one working period/],
    ["a time without a leading zero", { workingPeriods: [{ start: "9:00", end: "12:00" }] }, /"9:00".*9:00–12:00/],
    ["minute 60", { workingPeriods: [{ start: "09:00", end: "12:60" }] }, /"12:60"/],
    ["hour 25", { workingPeriods: [{ start: "09:00", end: "25:00" }] }, /"25:00"/],
    ["24:00 as a start", { workingPeriods: [{ start: "24:00", end: "24:00" }] }, /"24:00".*only as an end/],
    ["seconds", { workingPeriods: [{ start: "09:00:00", end: "12:00" }] }, /"09:00:00"/],
    ["a non-string time", { workingPeriods: [{ start: 900 as unknown as string, end: "12:00" }] }, /900/],
    ["start equal to end", { workingPeriods: [{ start: "09:00", end: "09:00" }] }, /09:00–09:00.*start must be before the end/],
    ["start after end", { workingPeriods: [{ start: "17:30", end: "13:30" }] }, /17:30–13:30.*start must be before the end/],
    [
      "unsorted periods",
      { workingPeriods: [{ start: "13:30", end: "17:30" }, { start: "09:00", end: "12:00" }] },
      /sorted: 09:00–12:00 comes after 13:30–17:30/,
    ],
    [
      "overlapping periods",
      { workingPeriods: [{ start: "09:00", end: "12:00" }, { start: "11:30", end: "17:30" }] },
      /overlap: 09:00–12:00 and 11:30–17:30/,
    ],
    ["weekend day 7", { weekendDays: [0, 7] }, /weekend day 7/],
    ["weekend day -1", { weekendDays: [-1] }, /weekend day -1/],
    ["a fractional weekend day", { weekendDays: [1.5] }, /weekend day 1\.5/],
    ["a holiday that does not exist", { holidays: ["2026-02-30"] }, /holiday "2026-02-30"/],
    ["a holiday with slashes", { holidays: ["2026/01/01"] }, /holiday "2026\/01\/01"/],
    ["a holiday without dashes", { holidays: ["20260101"] }, /holiday "20260101"/],
    ["a make-up workday in month 13", { makeUpWorkdays: ["2026-13-01"] }, /make-up workday "2026-13-01"/],
    ["a date that is both a holiday and a make-up workday", { holidays: ["2026-10-01"], makeUpWorkdays: ["2026-10-01"] }, /2026-10-01 is both a holiday and a make-up workday/],
  ];
  it.each(invalid)("rejects %s, naming the bad value", (_name, input, message) => {
    expect(() => createWorkingCalendar(input)).toThrow(message);
  });
});

describe("localDate", () => {
  it.each([
    [480, "2026-01-01T15:59:59.999Z", "2026-01-01"],
    [480, "2026-01-01T16:00:00.000Z", "2026-01-02"],
    [480, "2025-12-31T16:00:00.000Z", "2026-01-01"],
    [0, "2026-01-01T00:00:00.000Z", "2026-01-01"],
    [-300, "2026-01-01T04:59:59.999Z", "2025-12-31"],
    [-300, "2026-01-01T05:00:00.000Z", "2026-01-01"],
    [480, "1969-12-31T20:00:00.000Z", "1970-01-01"],
  ])("offset %i: %s is %s", (utcOffsetMinutes, iso, expected) => {
    expect(localDate(createWorkingCalendar({ utcOffsetMinutes }), new Date(iso))).toBe(expected);
  });

  it("rejects an invalid Date", () => {
    expect(() => localDate(cal, new Date("nonsense"))).toThrow(/valid Date/);
  });
});

describe("isWorkingDay (2026)", () => {
  it.each([
    ["2026-01-01", false, "New Year's Day, a Thursday"],
    ["2026-01-02", false, "New Year holiday, a Friday"],
    ["2026-01-03", false, "New Year holiday, a Saturday"],
    ["2026-01-04", true, "make-up Sunday after New Year"],
    ["2026-01-05", true, "an ordinary Monday"],
    ["2026-01-10", false, "an ordinary Saturday"],
    ["2026-01-11", false, "an ordinary Sunday"],
    ["2026-02-13", true, "the Friday before Spring Festival"],
    ["2026-02-14", true, "make-up Saturday before Spring Festival"],
    ["2026-02-15", false, "Spring Festival, a Sunday"],
    ["2026-02-18", false, "Spring Festival, a Wednesday"],
    ["2026-02-23", false, "last day of Spring Festival, a Monday"],
    ["2026-02-24", true, "first working day after Spring Festival"],
    ["2026-02-28", true, "make-up Saturday after Spring Festival"],
    ["2026-04-06", false, "Qingming, a Monday"],
    ["2026-05-09", true, "make-up Saturday after Labour Day"],
    ["2026-06-19", false, "Dragon Boat, a Friday"],
    ["2026-09-20", true, "make-up Sunday before Mid-Autumn / National Day"],
    ["2026-09-25", false, "Mid-Autumn, a Friday"],
    ["2026-10-07", false, "National Day holiday, a Wednesday"],
    ["2026-10-10", true, "make-up Saturday after National Day"],
    ["2026-10-11", false, "an ordinary Sunday"],
    ["2025-12-31", true, "an ordinary Wednesday"],
  ])("%s → %s (%s)", (date, expected) => {
    expect(isWorkingDay(cal, date)).toBe(expected);
  });

  it("lets a make-up workday win over a holiday in a hand-built calendar", () => {
    const handBuilt: WorkingCalendar = { ...cal, holidays: new Set(["2026-03-07"]), makeUpWorkdays: new Set(["2026-03-07"]) };
    expect(isWorkingDay(handBuilt, "2026-03-07")).toBe(true);
  });

  it("honours custom weekends (Friday and Saturday off)", () => {
    const gulf = createWorkingCalendar({ weekendDays: [5, 6] });
    expect(["2026-03-05", "2026-03-06", "2026-03-07", "2026-03-08"].map((d) => isWorkingDay(gulf, d))).toEqual([true, false, false, true]);
  });

  it("rejects malformed dates", () => {
    expect(() => isWorkingDay(cal, "2026-2-3")).toThrow(/date "2026-2-3"/);
    expect(() => isWorkingDay(cal, "2026-02-29")).toThrow(/date "2026-02-29"/);
  });

  it("counts 248 working days in 2026", () => {
    let count = 0;
    for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2027, 0, 1); day += DAY_MS) {
      if (isWorkingDay(cal, new Date(day).toISOString().slice(0, 10))) count += 1;
    }
    // 365 days − 104 weekend days − 19 holidays falling on weekdays + 6 make-up weekend days.
    expect(count).toBe(248);
  });
});

describe("isWorkingTime and nextWorkingInstant", () => {
  it.each([
    ["2026-03-02 08:59", false, "2026-03-02 09:00", "before opening on a Monday"],
    ["2026-03-02 00:00", false, "2026-03-02 09:00", "midnight"],
    ["2026-03-02 09:00", true, "2026-03-02 09:00", "opening time is inside"],
    ["2026-03-02 11:59:59.999", true, "2026-03-02 11:59:59.999", "the last millisecond of the morning"],
    ["2026-03-02 12:00", false, "2026-03-02 13:30", "a period end is outside"],
    ["2026-03-02 12:45", false, "2026-03-02 13:30", "lunch break"],
    ["2026-03-02 13:30", true, "2026-03-02 13:30", "afternoon start"],
    ["2026-03-02 17:29", true, "2026-03-02 17:29", "just before closing"],
    ["2026-03-02 17:30", false, "2026-03-03 09:00", "closing time"],
    ["2026-03-06 18:00", false, "2026-03-09 09:00", "Friday evening → Monday"],
    ["2026-03-07 10:00", false, "2026-03-09 09:00", "Saturday"],
    ["2026-02-13 17:30", false, "2026-02-14 09:00", "Friday before Spring Festival → make-up Saturday"],
    ["2026-02-14 17:30", false, "2026-02-24 09:00", "make-up Saturday → after Spring Festival"],
    ["2026-02-18 10:00", false, "2026-02-24 09:00", "inside Spring Festival"],
    ["2025-12-31 18:00", false, "2026-01-04 09:00", "New Year's Eve → make-up Sunday"],
    ["2026-09-19 10:00", false, "2026-09-20 09:00", "Saturday → make-up Sunday"],
    ["2026-09-30 17:30", false, "2026-10-08 09:00", "before National Day"],
    ["2026-10-10 10:00", true, "2026-10-10 10:00", "make-up Saturday"],
  ])("%s: working=%s, next=%s (%s)", (local, working, next) => {
    expect(isWorkingTime(cal, at(local))).toBe(working);
    expect(show(nextWorkingInstant(cal, at(local)))).toBe(next);
  });
});

describe("addWorkingMinutes", () => {
  it.each([
    ["2026-03-02 09:00", 0, "2026-03-02 09:00", "0 inside working time returns from"],
    ["2026-03-02 10:17:23.456", 0, "2026-03-02 10:17:23.456", "0 keeps sub-minute precision"],
    ["2026-03-02 07:00", 0, "2026-03-02 09:00", "0 before opening → opening"],
    ["2026-03-02 12:00", 0, "2026-03-02 13:30", "0 at a period end → next start"],
    ["2026-03-02 17:30", 0, "2026-03-03 09:00", "0 at closing → next morning"],
    ["2026-10-03 10:00", 0, "2026-10-08 09:00", "0 on a holiday → next working morning"],
    ["2026-03-02 07:00", 30, "2026-03-02 09:30", "before opening: counting starts at 09:00"],
    ["2026-03-02 12:10", 30, "2026-03-02 14:00", "in the lunch break: counting starts at 13:30"],
    ["2026-03-02 09:00", 180, "2026-03-02 12:00", "a result at a period end stays there"],
    ["2026-03-02 11:50", 10, "2026-03-02 12:00", "ending exactly at noon"],
    ["2026-03-02 11:50", 11, "2026-03-02 13:31", "one minute more crosses lunch"],
    ["2026-03-02 09:00", 420, "2026-03-02 17:30", "a full working day ends at closing"],
    ["2026-03-02 09:00", 421, "2026-03-03 09:01", "one minute more goes to tomorrow"],
    ["2026-03-02 16:45", 120, "2026-03-03 10:15", "2 hours at the end of a day → next working morning"],
    ["2026-03-06 16:45", 120, "2026-03-09 10:15", "Friday afternoon → Monday"],
    ["2026-03-07 10:00", 60, "2026-03-09 10:00", "starting on a Saturday"],
    ["2026-10-01 10:00", 60, "2026-10-08 10:00", "starting on a holiday"],
    ["2026-09-25 15:00", 120, "2026-09-28 11:00", "starting on Mid-Autumn Friday"],
    ["2026-09-18 16:45", 120, "2026-09-20 10:15", "Friday → make-up Sunday"],
    ["2026-09-30 16:00", 180, "2026-10-08 10:30", "across National Day"],
    ["2026-02-13 16:45", 120, "2026-02-14 10:15", "Friday → make-up Saturday before Spring Festival"],
    ["2026-02-14 17:00", 60, "2026-02-24 09:30", "make-up Saturday → after Spring Festival"],
    ["2026-02-27 17:00", 60, "2026-02-28 09:30", "Friday → make-up Saturday after Spring Festival"],
    ["2025-12-31 17:00", 60, "2026-01-04 09:30", "New Year's Eve → make-up Sunday"],
    ["2025-12-30 14:00", 3 * 420, "2026-01-05 14:00", "three working days of minutes across New Year"],
    ["2026-03-02 09:00:30", 1, "2026-03-02 09:01:30", "seconds are kept"],
    ["2026-03-02 11:59:30", 1, "2026-03-02 13:30:30", "half a minute before lunch, half after"],
  ])("%s + %i min → %s (%s)", (from, minutes, expected) => {
    expect(show(addWorkingMinutes(cal, at(from), minutes))).toBe(expected);
  });

  it("does not mutate its argument", () => {
    const from = at("2026-03-02 16:45");
    addWorkingMinutes(cal, from, 120);
    expect(show(from)).toBe("2026-03-02 16:45");
  });

  it.each([
    [-1, /working minutes -1/],
    [Number.NaN, /working minutes NaN/],
    [Number.POSITIVE_INFINITY, /working minutes Infinity/],
  ])("rejects %s minutes", (minutes, message) => {
    expect(() => addWorkingMinutes(cal, at("2026-03-02 09:00"), minutes)).toThrow(message);
  });

  it("rejects an invalid Date", () => {
    expect(() => addWorkingMinutes(cal, new Date(Number.NaN), 1)).toThrow(/start instant.*valid Date/);
  });

  it("handles limits of hundreds of working days quickly", () => {
    const started = performance.now();
    const deadline = addWorkingMinutes(cal, at("2026-01-05 09:00"), 300 * 420);
    expect(performance.now() - started).toBeLessThan(500);
    // Monday 09:00 + 300 full working days = the end of the 300th working day counted from Monday,
    // i.e. the 300th working day after Sunday (itself a make-up workday, but the day of receipt never counts).
    expect(deadline).toEqual(addWorkingDays(cal, at("2026-01-04 12:00"), 300));
  });
});

describe("addWorkingHours", () => {
  it.each([
    ["2026-03-02 16:45", 2, "2026-03-03 10:15", "2 hours from 16:45 → next morning"],
    ["2026-03-02 11:00", 1.5, "2026-03-02 14:00", "1.5 hours across lunch"],
    ["2026-03-02 17:20", 0.25, "2026-03-03 09:05", "a quarter hour across the night"],
    ["2026-03-02 09:00", 0.1, "2026-03-02 09:06", "0.1 h = 6 min"],
    ["2026-03-02 09:00", 1 / 3, "2026-03-02 09:20", "1/3 h rounds to exactly 20 min"],
    ["2026-03-02 09:00", 7, "2026-03-02 17:30", "7 h = one full working day"],
    ["2026-03-02 09:00", 0, "2026-03-02 09:00", "0 h"],
    ["2026-03-02 12:30", 0, "2026-03-02 13:30", "0 h in the lunch break"],
    ["2026-09-30 10:00", 24, "2026-10-10 14:30", "24 working hours across National Day into a make-up Saturday"],
    ["2026-02-13 10:00", 1 / 60 / 60, "2026-02-13 10:00:01", "one second"],
  ])("%s + %s h → %s (%s)", (from, hours, expected) => {
    expect(show(addWorkingHours(cal, at(from), hours))).toBe(expected);
  });

  it("rejects negative and non-finite hours", () => {
    expect(() => addWorkingHours(cal, at("2026-03-02 09:00"), -0.5)).toThrow(/working hours -0\.5/);
    expect(() => addWorkingHours(cal, at("2026-03-02 09:00"), Number.NaN)).toThrow(/working hours NaN/);
  });
});

describe("addWorkingDays", () => {
  it.each([
    ["2026-09-18 15:00", 3, "2026-09-22 17:30", "Friday afternoon: make-up Sunday 20 Sep counts"],
    ["2026-09-25 15:00", 3, "2026-09-30 17:30", "Mid-Autumn Friday (itself a holiday)"],
    ["2026-09-25 15:00", 4, "2026-10-08 17:30", "… one more skips National Day"],
    ["2026-09-25 15:00", 6, "2026-10-10 17:30", "… make-up Saturday 10 Oct counts"],
    ["2026-09-25 15:00", 7, "2026-10-12 17:30", "… then the next Monday"],
    ["2026-09-24 15:00", 3, "2026-09-30 17:30", "Thursday before Mid-Autumn"],
    ["2026-09-30 10:00", 1, "2026-10-08 17:30", "last day before National Day"],
    ["2026-09-30 10:00", 3, "2026-10-10 17:30", "… ending on the make-up Saturday"],
    ["2026-09-18 09:00", 15, "2026-10-15 17:30", "15 working days (complex case)"],
    ["2025-12-30 10:00", 1, "2025-12-31 17:30", "New Year's Eve"],
    ["2025-12-30 10:00", 2, "2026-01-04 17:30", "crossing New Year: make-up Sunday 4 Jan"],
    ["2025-12-30 10:00", 3, "2026-01-05 17:30", "crossing New Year"],
    ["2026-02-13 10:00", 1, "2026-02-14 17:30", "Spring Festival: make-up Saturday 14 Feb"],
    ["2026-02-13 10:00", 2, "2026-02-24 17:30", "Spring Festival: skip 15–23 Feb"],
    ["2026-02-13 10:00", 3, "2026-02-25 17:30", "Spring Festival"],
    ["2026-02-17 10:00", 1, "2026-02-24 17:30", "received during Spring Festival"],
    ["2026-02-27 10:00", 1, "2026-02-28 17:30", "make-up Saturday 28 Feb"],
    ["2026-02-27 10:00", 2, "2026-03-02 17:30", "then Monday"],
    ["2026-04-03 10:00", 1, "2026-04-07 17:30", "Qingming"],
    ["2026-04-30 10:00", 1, "2026-05-06 17:30", "Labour Day"],
    ["2026-04-30 10:00", 3, "2026-05-08 17:30", "Labour Day"],
    ["2026-04-30 10:00", 4, "2026-05-09 17:30", "Labour Day: make-up Saturday 9 May"],
    ["2026-06-18 10:00", 1, "2026-06-22 17:30", "Dragon Boat"],
    ["2026-03-07 10:00", 1, "2026-03-09 17:30", "received on a Saturday"],
    ["2026-03-08 10:00", 1, "2026-03-09 17:30", "received on a Sunday"],
    ["2026-03-02 00:00", 1, "2026-03-03 17:30", "received at local midnight (16:00 UTC the day before)"],
    ["2026-03-02 23:59:59.999", 1, "2026-03-03 17:30", "received at the last millisecond of the day"],
  ])("%s + %i working days → %s (%s)", (from, days, expected) => {
    expect(show(addWorkingDays(cal, at(from), days))).toBe(expected);
  });

  it("ignores the time of day of receipt", () => {
    const results = ["00:00", "08:00", "09:00", "12:30", "17:30", "23:59"].map((time) => show(addWorkingDays(cal, at(`2026-03-02 ${time}`), 3)));
    expect(new Set(results)).toEqual(new Set(["2026-03-05 17:30"]));
  });

  it("ends at the last period's end of a custom schedule", () => {
    const custom = createWorkingCalendar({ workingPeriods: [{ start: "08:00", end: "12:00" }, { start: "14:00", end: "18:00" }] });
    expect(show(addWorkingDays(custom, at("2026-03-02 10:00"), 1))).toBe("2026-03-03 18:00");
    const lateShift = createWorkingCalendar({ workingPeriods: [{ start: "16:00", end: "24:00" }] });
    expect(show(addWorkingDays(lateShift, at("2026-03-02 10:00"), 1))).toBe("2026-03-04 00:00");
  });

  it("agrees with adding whole days of working minutes from the next working morning, for every day of 2026", () => {
    for (let day = at("2026-01-01 00:00").getTime(); day < at("2027-01-01 00:00").getTime(); day += DAY_MS) {
      const evening = new Date(day + (23 * 60 + 59) * MINUTE_MS);
      for (const days of [1, 3, 7, 15]) {
        const byMinutes = addWorkingMinutes(cal, nextWorkingInstant(cal, evening), days * 420);
        expect(show(addWorkingDays(cal, evening, days)), `${show(evening)} + ${days}`).toBe(show(byMinutes));
      }
    }
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("rejects %s days", (days) => {
    expect(() => addWorkingDays(cal, at("2026-03-02 09:00"), days)).toThrow(/working days .*positive integer/);
  });
});

describe("workingMinutesBetween", () => {
  it.each([
    ["2026-03-02 10:00", "2026-03-02 10:00", 0, "empty interval"],
    ["2026-03-02 11:00", "2026-03-02 10:00", 0, "reversed interval"],
    ["2026-03-02 09:00", "2026-03-02 17:30", 420, "a full working day"],
    ["2026-03-02 00:00", "2026-03-03 00:00", 420, "a calendar day"],
    ["2026-03-02 12:00", "2026-03-02 13:30", 0, "lunch break"],
    ["2026-03-02 11:00", "2026-03-02 14:00", 90, "across lunch"],
    ["2026-03-06 16:30", "2026-03-09 09:30", 90, "over a weekend"],
    ["2026-03-02 00:00", "2026-03-09 00:00", 5 * 420, "a week"],
    ["2026-09-30 17:00", "2026-10-08 09:10", 40, "over National Day"],
    ["2026-09-18 17:00", "2026-09-21 09:10", 30 + 420 + 10, "over a make-up Sunday"],
    ["2026-02-13 09:00", "2026-02-24 09:00", 2 * 420, "over Spring Festival"],
    ["2025-12-31 12:00", "2026-01-04 12:00", 240 + 180, "over New Year"],
    ["2026-03-02 09:00:30", "2026-03-02 09:01", 0.5, "half a minute"],
    ["2026-03-02 17:29:59.999", "2026-03-03 09:00:00.001", 2 / MINUTE_MS, "two milliseconds"],
  ])("[%s, %s) = %s min (%s)", (from, to, expected) => {
    expect(workingMinutesBetween(cal, at(from), at(to))).toBe(expected);
  });

  it("counts every working minute of 2026 (248 days × 420 min)", () => {
    expect(workingMinutesBetween(cal, at("2026-01-01 00:00"), at("2027-01-01 00:00"))).toBe(248 * 420);
  });

  it("supports suspending and resuming a time limit", () => {
    const limitMinutes = 24 * 60; // 24 working hours
    const received = at("2026-09-24 10:00");
    const suspended = at("2026-09-29 11:00");
    const resumed = at("2026-10-09 14:00");
    const used = workingMinutesBetween(cal, received, suspended);
    // Thu 360 + (Fri–Sun off) + Mon 420 + Tue 120.
    expect(used).toBe(900);
    const deadline = addWorkingMinutes(cal, resumed, limitMinutes - used);
    // Fri 9 Oct 210 min, make-up Sat 10 Oct 180 + 150 min.
    expect(show(deadline)).toBe("2026-10-10 16:00");
    expect(workingMinutesBetween(cal, received, suspended) + workingMinutesBetween(cal, resumed, deadline)).toBe(limitMinutes);
  });
});

describe("properties (seeded pseudo-random instants)", () => {
  it("workingMinutesBetween(from, addWorkingMinutes(from, m)) === m when from is in working time", () => {
    const random = prng(12345);
    let checked = 0;
    while (checked < 1000) {
      const from = randomInstant(random, "millisecond");
      if (!isWorkingTime(cal, from)) continue;
      const minutes = randomInt(random, 0, 420 * 40);
      const to = addWorkingMinutes(cal, from, minutes);
      expect(workingMinutesBetween(cal, from, to), `${show(from)} + ${minutes}`).toBe(minutes);
      checked += 1;
    }
  });

  it("… and from any instant at all", () => {
    const random = prng(2026);
    for (let i = 0; i < 1000; i += 1) {
      const from = randomInstant(random, "millisecond");
      const minutes = randomInt(random, 0, 420 * 40);
      const to = addWorkingMinutes(cal, from, minutes);
      expect(workingMinutesBetween(cal, from, to), `${show(from)} + ${minutes}`).toBe(minutes);
      // The result is never before the first working instant and is always at or after from.
      expect(to.getTime()).toBeGreaterThanOrEqual(nextWorkingInstant(cal, from).getTime());
    }
  });

  it("adding in two steps equals adding in one", () => {
    const random = prng(7);
    for (let i = 0; i < 500; i += 1) {
      const from = randomInstant(random, "millisecond");
      const a = randomInt(random, 1, 420 * 10);
      const b = randomInt(random, 0, 420 * 10);
      expect(show(addWorkingMinutes(cal, addWorkingMinutes(cal, from, a), b)), `${show(from)} + ${a} + ${b}`).toBe(show(addWorkingMinutes(cal, from, a + b)));
    }
  });

  it("workingMinutesBetween is additive over adjacent intervals", () => {
    const random = prng(99);
    for (let i = 0; i < 500; i += 1) {
      const [a, b, c] = [randomInstant(random, "minute"), randomInstant(random, "minute"), randomInstant(random, "minute")].sort((x, y) => x.getTime() - y.getTime()) as [Date, Date, Date];
      expect(workingMinutesBetween(cal, a, b) + workingMinutesBetween(cal, b, c)).toBe(workingMinutesBetween(cal, a, c));
    }
  });

  it("adding the working minutes between from and x lands where x next works", () => {
    const random = prng(4242);
    for (let i = 0; i < 500; i += 1) {
      const [from, x] = [randomInstant(random, "millisecond"), randomInstant(random, "millisecond")].sort((p, q) => p.getTime() - q.getTime()) as [Date, Date];
      const landed = addWorkingMinutes(cal, from, workingMinutesBetween(cal, from, x));
      expect(show(nextWorkingInstant(cal, landed)), `${show(from)} → ${show(x)}`).toBe(show(nextWorkingInstant(cal, x)));
    }
  });

  it("matches a naive minute-by-minute model", () => {
    const random = prng(31337);
    for (let i = 0; i < 300; i += 1) {
      const from = randomInstant(random, "minute");
      const minutes = i % 10 === 0 ? 0 : randomInt(random, 1, 2500);
      const to = addWorkingMinutes(cal, from, minutes);
      expect(show(to), `${show(from)} + ${minutes}`).toBe(show(oracle.add(from, minutes)));
      const other = new Date(from.getTime() + randomInt(random, 0, 12 * 1440) * MINUTE_MS);
      expect(workingMinutesBetween(cal, from, other), `[${show(from)}, ${show(other)})`).toBe(oracle.between(from, other));
    }
  });
});

describe("other time zones", () => {
  const newYorkWinter = createWorkingCalendar({ utcOffsetMinutes: -300 });

  it("reads working periods in the calendar's zone, not the server's", () => {
    // 16:45 UTC is 11:45 local: 15 minutes before lunch, 15 after 13:30, landing at 13:45 local (18:45 UTC).
    expect(nextWorkingInstant(newYorkWinter, new Date("2026-03-02T13:00:00Z"))).toEqual(new Date("2026-03-02T14:00:00Z"));
    expect(addWorkingMinutes(newYorkWinter, new Date("2026-03-02T16:45:00Z"), 30)).toEqual(new Date("2026-03-02T18:45:00Z"));
  });

  it("counts working days from the local date of receipt", () => {
    // 02:00 UTC on Tuesday is 21:00 on Monday in UTC−5, so the first working day after is Tuesday.
    expect(addWorkingDays(newYorkWinter, new Date("2026-03-03T02:00:00Z"), 1)).toEqual(new Date("2026-03-03T22:30:00Z"));
    expect(addWorkingDays(createWorkingCalendar({ utcOffsetMinutes: 0 }), new Date("2026-03-03T02:00:00Z"), 1)).toEqual(new Date("2026-03-04T17:30:00Z"));
  });
});

describe("calendars without working time", () => {
  const neverWorks = createWorkingCalendar({ weekendDays: [0, 1, 2, 3, 4, 5, 6] });
  const noPeriods: WorkingCalendar = { ...cal, workingPeriods: [] };

  it.each([
    ["every day a weekend", neverWorks],
    ["no working periods (hand-built)", noPeriods],
  ])("%s: walks fail with a clear error instead of looping", (_name, broken) => {
    const from = at("2026-03-02 09:00");
    expect(() => addWorkingDays(broken, from, 1)).toThrow(/no working time in the 3660 days/);
    expect(() => addWorkingMinutes(broken, from, 1)).toThrow(/no working time in the 3660 days/);
    expect(() => addWorkingHours(broken, from, 1)).toThrow(/no working time/);
    expect(() => nextWorkingInstant(broken, from)).toThrow(/no working time/);
    expect(workingMinutesBetween(broken, from, at("2027-03-02 09:00"))).toBe(0);
    expect(isWorkingTime(broken, from)).toBe(false);
  });

  it("still reaches work after a very long (but finite) run of days off", () => {
    const holidays: string[] = [];
    for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2028, 0, 1); day += DAY_MS) holidays.push(new Date(day).toISOString().slice(0, 10));
    const sabbatical = createWorkingCalendar({ holidays });
    expect(show(addWorkingDays(sabbatical, at("2026-01-01 10:00"), 1))).toBe("2028-01-03 17:30");
    expect(show(nextWorkingInstant(sabbatical, at("2026-01-01 10:00")))).toBe("2028-01-03 09:00");
  });

  it("validates the periods of a hand-built calendar on use", () => {
    const handBuilt: WorkingCalendar = { ...cal, workingPeriods: [{ start: "13:00", end: "12:00" }] };
    expect(() => addWorkingMinutes(handBuilt, at("2026-03-02 09:00"), 1)).toThrow(/13:00–12:00/);
  });
});

describe("seed holidays (db/seed/holidays.ts)", () => {
  const jsonPath = fileURLToPath(new URL("../../../shared/data/calendar/cn-holidays-2026.json", import.meta.url));

  it("matches the published 2026 data in ../shared/data/calendar/cn-holidays-2026.json", (ctx) => {
    if (!existsSync(jsonPath)) {
      ctx.skip(`${jsonPath} is absent here, so the transcription cannot be cross-checked`);
      return;
    }
    const json = JSON.parse(readFileSync(jsonPath, "utf8")) as {
      year: number;
      source: string;
      holidays: { name: string; days_off: string[]; make_up_workdays: string[] }[];
    };
    const seeded = seedHolidayCalendars.find((y) => y.year === json.year);
    expect(seeded).toEqual({
      year: json.year,
      source: json.source,
      periods: json.holidays.map((h) => ({ name: h.name, daysOff: h.days_off, makeUpWorkdays: h.make_up_workdays })),
    });
  });

  it.each(seedHolidayCalendars.map((y) => [y.year, y] as const))("%i is internally consistent", (year, data) => {
    const all = data.periods.flatMap((p) => [...p.daysOff, ...p.makeUpWorkdays]);
    expect(new Set(all).size, "no date listed twice").toBe(all.length);
    for (const period of data.periods) {
      expect([...period.daysOff].sort(), `${period.name} days off sorted`).toEqual(period.daysOff);
      for (const date of period.daysOff) expect(date.startsWith(`${year}-`), date).toBe(true);
      for (const date of period.makeUpWorkdays) {
        // A make-up workday only makes sense on a normal weekend day.
        expect([0, 6], `${date} is a weekend day`).toContain(new Date(`${date}T00:00:00Z`).getUTCDay());
      }
    }
    // createWorkingCalendar validates every date and the holiday/make-up disjointness.
    expect(() =>
      createWorkingCalendar({ holidays: data.periods.flatMap((p) => p.daysOff), makeUpWorkdays: data.periods.flatMap((p) => p.makeUpWorkdays) }),
    ).not.toThrow();
  });
});

describe("workingMinutesPerDay", () => {
  it("adds up the working periods of a day", () => {
    expect(workingMinutesPerDay(createWorkingCalendar())).toBe(420);
    expect(workingMinutesPerDay(createWorkingCalendar({ workingPeriods: [{ start: "08:30", end: "17:00" }] }))).toBe(510);
  });
});
