import { z } from "zod";
import type { Queryable } from "~/db/client";
import { calendarDays } from "~/db/schema";
import { getSetting } from "../settings";
import { createWorkingCalendar, DEFAULT_WORKING_PERIODS, type WorkingCalendar } from "./working-calendar";

export const WORKING_PERIODS_SETTING = "calendar.working_periods";
const periodsSchema = z.array(z.object({ start: z.string(), end: z.string() })).min(1);

/**
 * The working calendar as administrators keep it: days off and make-up working days in
 * `calendar_days`, working hours in the `calendar.working_periods` setting.
 */
export async function loadWorkingCalendar(db: Queryable): Promise<WorkingCalendar> {
  const [days, periods] = await Promise.all([
    db.select().from(calendarDays),
    getSetting(db, WORKING_PERIODS_SETTING, periodsSchema, [...DEFAULT_WORKING_PERIODS]),
  ]);
  return createWorkingCalendar({
    workingPeriods: periods,
    holidays: days.filter((d) => d.kind === "holiday").map((d) => d.day),
    makeUpWorkdays: days.filter((d) => d.kind === "workday").map((d) => d.day),
  });
}
