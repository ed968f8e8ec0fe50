import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, calendarDays } from "~/db/schema";
import { loadWorkingCalendar } from "~/domain/calendar/calendar-store";
import { addWorkingHours, isWorkingDay } from "~/domain/calendar/working-calendar";
import { manualClock } from "~/domain/clock";
import { DomainError } from "~/domain/errors";
import { seedOnFirstStart } from "~/domain/setup/seed";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { commandContext } from "~/tests/helpers/staff";
import {
  addCalendarDay,
  formatArrangement,
  getWorkingPeriods,
  importCalendarYear,
  listCalendarDays,
  listCalendarYears,
  parseArrangement,
  removeCalendarDay,
  updateWorkingPeriods,
  validateWorkingPeriods,
} from "./calendar";

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return error instanceof DomainError ? `${error.status} ${error.code}` : String(error);
  }
}

describe("parsing a pasted arrangement", () => {
  it("reads single days, ranges, default names, comments and blank lines", () => {
    const days = parseArrangement(
      ["# 2027 年安排", "", "2027-01-01 休 元旦", "2027-2-6～2027-2-8 休 春节", "2027-02-14\t班", "2026-12-31, 休, 元旦"].join("\n"),
      2027,
    );
    expect(days).toEqual([
      { day: "2026-12-31", kind: "holiday", name: "元旦" },
      { day: "2027-01-01", kind: "holiday", name: "元旦" },
      { day: "2027-02-06", kind: "holiday", name: "春节" },
      { day: "2027-02-07", kind: "holiday", name: "春节" },
      { day: "2027-02-08", kind: "holiday", name: "春节" },
      { day: "2027-02-14", kind: "workday", name: "调休上班" },
    ]);
    expect(formatArrangement(days)).toBe("2026-12-31~2027-01-01 休 元旦\n2027-02-06~2027-02-08 休 春节\n2027-02-14 班 调休上班");
    expect(parseArrangement(formatArrangement(days), 2027)).toEqual(days);
  });

  it.each([
    ["2027-02-30 休 春节", "400 calendar_import_line_invalid"],
    ["2027/02/01 放假", "400 calendar_import_line_invalid"],
    ["春节 2027-02-01 休", "400 calendar_import_line_invalid"],
    ["2027-02-09~2027-02-01 休 春节", "400 calendar_import_line_invalid"],
    ["2027-01-01~2027-03-01 休 太长", "400 calendar_import_range_too_long"],
    ["2030-01-01 休 元旦", "400 calendar_import_outside_year"],
    ["2027-02-06~2027-02-08 休 春节\n2027-02-07 班 春节调休", "400 calendar_import_both"],
  ])("refuses %j", (text, expected) => {
    expect(codeOf(() => parseArrangement(text, 2027))).toBe(expected);
  });

  it("names the line that is wrong", () => {
    try {
      parseArrangement("2027-01-01 休 元旦\n2027-01-02 休 元旦\nnonsense", 2027);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: "calendar_import_line_invalid", params: { line: 3, text: "nonsense" } });
    }
  });
});

describe("validating working periods", () => {
  it.each([
    [[], "400 working_periods_empty"],
    [[{ start: "9:00", end: "12:00" }], "400 working_period_time_invalid"],
    [[{ start: "24:00", end: "24:00" }], "400 working_period_time_invalid"],
    [[{ start: "09:00", end: "25:00" }], "400 working_period_time_invalid"],
    [[{ start: "12:00", end: "09:00" }], "400 working_period_order"],
    [[{ start: "09:00", end: "12:00" }, { start: "11:00", end: "17:00" }], "400 working_periods_overlap"],
  ])("refuses %j", (periods, expected) => {
    expect(codeOf(() => validateWorkingPeriods(periods))).toBe(expected);
  });

  it("sorts periods and accepts touching ones and 24:00", () => {
    expect(validateWorkingPeriods([{ start: "13:00", end: "24:00" }, { start: "08:00", end: "13:00" }])).toEqual([
      { start: "08:00", end: "13:00" },
      { start: "13:00", end: "24:00" },
    ]);
  });
});

describe.each(testEngines)("calendar data on %s", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await seedOnFirstStart(database, manualClock(new Date("2026-03-02T09:00:00+08:00")), { withDemoAccounts: false });
  });
  afterAll(() => database.dispose());
  const ctx = () => commandContext(database.db);

  it("lists a year's seeded days off and make-up workdays", async () => {
    const days = await listCalendarDays(database.db, 2026);
    expect(days.filter((d) => d.kind === "holiday")).toHaveLength(33);
    expect(days.filter((d) => d.kind === "workday").map((d) => d.day)).toEqual(["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]);
    expect(await listCalendarYears(database.db)).toEqual([2026]);
    expect(await listCalendarDays(database.db, 2027)).toEqual([]);
  });

  it("adds and removes a day, never letting a date be both, and the calendar follows", async () => {
    await addCalendarDay(ctx(), { day: "2026-12-31", kind: "holiday", name: "测试假日" });
    expect(isWorkingDay(await loadWorkingCalendar(database.db), "2026-12-31")).toBe(false);
    await expect(addCalendarDay(ctx(), { day: "2026-12-31", kind: "workday", name: "调休" })).rejects.toMatchObject({ code: "calendar_day_exists", status: 409 });
    await expect(addCalendarDay(ctx(), { day: "2026-02-14", kind: "holiday", name: "春节" })).rejects.toMatchObject({ code: "calendar_day_exists", status: 409 });
    await expect(addCalendarDay(ctx(), { day: "2026-13-01", kind: "holiday", name: "x" })).rejects.toMatchObject({ code: "invalid_date", status: 400 });
    await expect(addCalendarDay(ctx(), { day: "2026-12-30", kind: "maybe" as "holiday", name: "x" })).rejects.toMatchObject({ code: "calendar_kind_invalid", status: 400 });
    await expect(addCalendarDay(ctx(), { day: "2026-12-30", kind: "holiday", name: "" })).rejects.toMatchObject({ code: "calendar_name_invalid", status: 400 });
    await removeCalendarDay(ctx(), "2026-12-31");
    expect(isWorkingDay(await loadWorkingCalendar(database.db), "2026-12-31")).toBe(true);
    await expect(removeCalendarDay(ctx(), "2026-12-31")).rejects.toMatchObject({ code: "calendar_day_not_found", status: 404 });
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, "calendar.update"));
    expect(audit.map((a) => a.detail)).toEqual([
      { op: "add", before: null, after: "2026-12-31 休 测试假日" },
      { op: "remove", before: "2026-12-31 休 测试假日", after: null },
    ]);
  });

  it("imports a year's arrangement, replacing that year only", async () => {
    await addCalendarDay(ctx(), { day: "2027-03-01", kind: "holiday", name: "将被替换" });
    const result = await importCalendarYear(ctx(), {
      year: 2027,
      text: "2027-01-01~2027-01-03 休 元旦\n2027-02-06~2027-02-12 休 春节\n2027-02-14 班 春节调休上班\n2026-12-31 休 元旦",
    });
    expect(result).toEqual({ holidays: 11, workdays: 1, removed: 1 });
    expect((await listCalendarDays(database.db, 2027)).map((d) => d.day)).not.toContain("2027-03-01");
    expect((await listCalendarDays(database.db, 2026)).filter((d) => d.kind === "holiday")).toHaveLength(34);
    const calendar = await loadWorkingCalendar(database.db);
    expect(isWorkingDay(calendar, "2027-02-14")).toBe(true); // a Sunday
    expect(isWorkingDay(calendar, "2027-02-08")).toBe(false); // a Monday
    expect(await listCalendarYears(database.db)).toEqual([2026, 2027]);

    // A refused import changes nothing.
    await expect(importCalendarYear(ctx(), { year: 2027, text: "2027-05-01 休 劳动节\n2027-05-01 班 劳动节" })).rejects.toMatchObject({ code: "calendar_import_both", status: 400 });
    await expect(importCalendarYear(ctx(), { year: 2027, text: "  \n# nothing\n" })).rejects.toMatchObject({ code: "calendar_import_empty", status: 400 });
    await expect(importCalendarYear(ctx(), { year: 1999, text: "1999-01-01 休 元旦" })).rejects.toMatchObject({ code: "calendar_year_invalid", status: 400 });
    expect(await listCalendarDays(database.db, 2027)).toHaveLength(11);
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.targetLabel, "工作日历：2027 年"));
    expect(audit!.detail).toMatchObject({ op: "import", year: 2027, before: "2027-03-01 休 将被替换" });
  });

  it("changes the working periods the deadlines use", async () => {
    expect(await getWorkingPeriods(database.db)).toEqual([
      { start: "09:00", end: "12:00" },
      { start: "13:30", end: "17:30" },
    ]);
    await updateWorkingPeriods(ctx(), [
      { start: "14:00", end: "18:00" },
      { start: "08:30", end: "12:00" },
    ]);
    const calendar = await loadWorkingCalendar(database.db);
    // Monday 2 March 2026, 11:00 + 2 working hours: 1 h to noon, then 1 h from 14:00.
    expect(addWorkingHours(calendar, new Date("2026-03-02T11:00:00+08:00"), 2)).toEqual(new Date("2026-03-02T15:00:00+08:00"));
    await expect(updateWorkingPeriods(ctx(), [{ start: "09:00", end: "08:00" }])).rejects.toMatchObject({ code: "working_period_order", status: 400, field: "periods" });
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.targetId, "calendar.working_periods"));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ from: [{ start: "09:00" }, { start: "13:30" }], to: [{ start: "08:30" }, { start: "14:00" }] });
  });

  it("keeps the calendar_days table free of a date of both kinds", async () => {
    const rows = await database.db.select().from(calendarDays);
    expect(new Set(rows.map((r) => r.day)).size).toBe(rows.length);
  });
});
