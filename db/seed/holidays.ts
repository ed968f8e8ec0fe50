/**
 * China's official 2026 holiday arrangement, transcribed from the State Council notice (public
 * dates, in our own format) so the app never reads files outside the repository at run time.
 * `daysOff` include the weekend days inside each holiday period; `makeUpWorkdays` are weekend
 * days that are working days (调休). The 2027 notice was not available when this was written:
 * administrators enter each new year's arrangement when it is announced.
 */
export interface SeedHolidayPeriod {
  name: string;
  daysOff: readonly string[];
  makeUpWorkdays: readonly string[];
}

export interface SeedHolidayCalendar {
  year: number;
  source: string;
  periods: readonly SeedHolidayPeriod[];
}

export const seedHolidayCalendars: readonly SeedHolidayCalendar[] = [
  {
    year: 2026,
    source: "国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)",
    periods: [
      { name: "元旦", daysOff: ["2026-01-01", "2026-01-02", "2026-01-03"], makeUpWorkdays: ["2026-01-04"] },
      { name: "春节", daysOff: ["2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23"], makeUpWorkdays: ["2026-02-14", "2026-02-28"] },
      { name: "清明节", daysOff: ["2026-04-04", "2026-04-05", "2026-04-06"], makeUpWorkdays: [] },
      { name: "劳动节", daysOff: ["2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05"], makeUpWorkdays: ["2026-05-09"] },
      { name: "端午节", daysOff: ["2026-06-19", "2026-06-20", "2026-06-21"], makeUpWorkdays: [] },
      { name: "中秋节", daysOff: ["2026-09-25", "2026-09-26", "2026-09-27"], makeUpWorkdays: [] },
      { name: "国庆节", daysOff: ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"], makeUpWorkdays: ["2026-09-20", "2026-10-10"] },
    ],
  },
];
