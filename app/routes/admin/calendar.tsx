import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { adminCommandContext, requireAdministrator } from "~/app/admin.server";
import { formNumber, runAdminDataAction } from "~/app/admin-data.server";
import { AdminTabs } from "~/app/components/admin-tabs";
import { ConfirmButton, Notice, useFormErrorFor } from "~/app/components/admin-data";
import { FormError } from "~/app/components/form-error";
import { formText, readForm } from "~/app/form.server";
import { messages, timeZone } from "~/app/i18n";
import stylesheet from "~/app/styles/admin-data.css?url";
import {
  addCalendarDay,
  type CalendarKind,
  formatArrangement,
  getWorkingPeriods,
  importCalendarYear,
  listCalendarDays,
  listCalendarYears,
  MAX_CALENDAR_YEAR,
  MIN_CALENDAR_YEAR,
  removeCalendarDay,
  updateWorkingPeriods,
} from "~/domain/admin-data/calendar";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

const PATH = "/admin/calendar";

/** Today's date in China ("YYYY-MM-DD"). */
function todayInChina(now: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

function yearFrom(value: string | null, fallback: number): number {
  const year = Number(value);
  return Number.isInteger(year) && year >= MIN_CALENDAR_YEAR && year <= MAX_CALENDAR_YEAR ? year : fallback;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdministrator(request, context);
  const { db, clock } = context.services;
  const today = todayInChina(clock.now());
  const year = yearFrom(new URL(request.url).searchParams.get("year"), Number(today.slice(0, 4)));
  const [days, years, periods] = await Promise.all([listCalendarDays(db, year), listCalendarYears(db), getWorkingPeriods(db)]);
  return {
    year,
    today,
    days,
    years: [...new Set([...years, year, Number(today.slice(0, 4)), Number(today.slice(0, 4)) + 1])].sort((a, b) => a - b),
    periods,
    arrangement: formatArrangement(days),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = adminCommandContext(request, context);
  const form = await readForm(request);
  const fallback = Number(todayInChina(ctx.clock.now()).slice(0, 4));
  const year = yearFrom(new URL(request.url).searchParams.get("year") ?? formText(form, "year"), fallback);
  return runAdminDataAction(form, `${PATH}?year=${year}`, async (intent) => {
    switch (intent) {
      case "add":
        await addCalendarDay(ctx, { day: formText(form, "day"), kind: formText(form, "kind") as CalendarKind, name: formText(form, "name") });
        return "added";
      case "remove":
        await removeCalendarDay(ctx, formText(form, "day"));
        return "removed";
      case "import": {
        const result = await importCalendarYear(ctx, { year: formNumber(form, "year"), text: String(form.get("text") ?? "") });
        return `imported-${result.holidays}-${result.workdays}`;
      }
      case "periods": {
        const starts = form.getAll("start").map(String);
        const ends = form.getAll("end").map(String);
        const periods = starts
          .map((start, i) => ({ start: start.trim(), end: (ends[i] ?? "").trim() }))
          .filter((p) => p.start !== "" || p.end !== "");
        await updateWorkingPeriods(ctx, periods);
        return "periods";
      }
      default:
        return null;
    }
  });
}

type Cell = { day: string; date: number; kind: "holiday" | "workday" | "weekend" | "normal"; name: string | null } | null;

/** Monday-first weeks of a month; null pads the first and last week. */
function monthWeeks(year: number, month: number, entries: ReadonlyMap<string, { kind: CalendarKind; name: string }>): Cell[][] {
  const first = new Date(Date.UTC(year, month, 1));
  const length = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const cells: Cell[] = Array.from({ length: (first.getUTCDay() + 6) % 7 }, () => null);
  for (let date = 1; date <= length; date += 1) {
    const day = `${year}-${String(month + 1).padStart(2, "0")}-${String(date).padStart(2, "0")}`;
    const weekday = new Date(Date.UTC(year, month, date)).getUTCDay();
    const entry = entries.get(day);
    const kind = entry ? entry.kind : weekday === 0 || weekday === 6 ? "weekend" : "normal";
    cells.push({ day, date, kind, name: entry?.name ?? null });
  }
  while (cells.length % 7 !== 0) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
}

export default function CalendarPage() {
  const { year, today, days, years, periods, arrangement } = useLoaderData<typeof loader>();
  const errorFor = useFormErrorFor();
  const busy = useNavigation().state !== "idle";
  const t = messages.adminData.calendar;
  const entries = new Map(days.map((d) => [d.day, { kind: d.kind, name: d.name }]));
  const months = Array.from({ length: 12 }, (_, m) => monthWeeks(year, m, entries));
  const cells = months.flat(2).filter((c): c is NonNullable<Cell> => c !== null);
  const workdays = cells.filter((c) => c.kind === "normal" || c.kind === "workday").length;
  const holidayCount = days.filter((d) => d.kind === "holiday").length;
  const makeUpCount = days.filter((d) => d.kind === "workday").length;
  const weekdayOf = (day: string) => t.weekdays[(new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7];
  const rowsForPeriods = [...periods, { start: "", end: "" }, { start: "", end: "" }];
  const noticeMessages: Record<string, string> = { added: t.added, removed: t.removed, periods: t.periodsSaved };
  const [, importedHolidays, importedWorkdays] = /^imported-(\d+)-(\d+)$/.exec(useNoticeParam()) ?? [];
  if (importedHolidays !== undefined) noticeMessages[`imported-${importedHolidays}-${importedWorkdays}`] = t.imported(Number(importedHolidays), Number(importedWorkdays));

  return (
    <>
      <h1>{t.title}</h1>
      <AdminTabs />
      <Notice messages={noticeMessages} />
      <p className="intro">{t.intro}</p>

      <div className="year-nav">
        <Link className="button" to={`?year=${year - 1}`} aria-label={t.previousYear}>
          ‹ {year - 1}
        </Link>
        <Form method="get" className="form-inline">
          <label>
            {t.year}
            <select name="year" defaultValue={year}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button">
            {t.show}
          </button>
        </Form>
        <Link className="button" to={`?year=${year + 1}`} aria-label={t.nextYear}>
          {year + 1} ›
        </Link>
      </div>

      <ul className="legend" aria-label={t.legend}>
        <li>
          <span className="swatch day-holiday" aria-hidden="true" />
          {t.legendHoliday}
        </li>
        <li>
          <span className="swatch day-workday" aria-hidden="true" />
          {t.legendWorkday}
        </li>
        <li>
          <span className="swatch day-weekend" aria-hidden="true" />
          {t.legendWeekend}
        </li>
        <li>
          <span className="swatch day-today" aria-hidden="true" />
          {t.legendToday}
        </li>
      </ul>
      <p className="muted">{days.length === 0 ? t.noEntries(year) : t.summary(workdays, holidayCount, makeUpCount)}</p>

      <div className="year-grid" data-testid="year-grid">
        {months.map((weeks, m) => (
          <div className="month" key={m}>
            <table>
              <caption>{t.month(m + 1)}</caption>
              <thead>
                <tr>
                  {t.weekdays.map((w) => (
                    <th key={w} scope="col">
                      {w}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {weeks.map((week, w) => (
                  <tr key={w}>
                    {week.map((cell, i) =>
                      cell === null ? (
                        <td key={i} />
                      ) : (
                        <td
                          key={i}
                          className={[`day-${cell.kind}`, cell.day === today ? "day-today" : ""].filter(Boolean).join(" ")}
                          title={cell.name ? `${cell.day} ${cell.name}（${t.kindLong[cell.kind as CalendarKind]}）` : undefined}
                          data-day={cell.day}
                        >
                          {cell.date}
                          {cell.kind === "holiday" || cell.kind === "workday" ? (
                            <>
                              <span className="mark" aria-hidden="true">
                                {t.kinds[cell.kind]}
                              </span>
                              <span className="visually-hidden">
                                {cell.name} {t.kindLong[cell.kind]}
                              </span>
                            </>
                          ) : null}
                        </td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
            <MonthNames weeks={weeks} />
          </div>
        ))}
      </div>

      <div className="columns">
        <section className="panel">
          <h2>{t.listTitle}</h2>
          {days.length === 0 ? (
            <div className="empty-state">{t.noEntries(year)}</div>
          ) : (
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t.day}</th>
                  <th scope="col">{t.weekday}</th>
                  <th scope="col">{t.kind}</th>
                  <th scope="col">{t.name}</th>
                  <th scope="col">{messages.common.actions}</th>
                </tr>
              </thead>
              <tbody>
                {days.map((d) => (
                  <tr key={d.day}>
                    <td className="nowrap">{d.day}</td>
                    <td>{weekdayOf(d.day)}</td>
                    <td>
                      <span className={`chip day-${d.kind}`}>{t.kinds[d.kind]}</span>
                    </td>
                    <td>{d.name}</td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="id" value={d.day} />
                        <input type="hidden" name="day" value={d.day} />
                        <ConfirmButton className="button link" message={`${t.remove} ${d.day} ${d.name}？`} disabled={busy}>
                          {t.remove}
                        </ConfirmButton>
                      </Form>
                      <FormError error={errorFor("remove", d.day)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <div>
          <section className="panel">
            <h2>{t.addTitle}</h2>
            <Form method="post" className="form-inline">
              <input type="hidden" name="intent" value="add" />
              <label>
                {t.day}
                <input name="day" type="date" required min={`${year - 1}-01-01`} max={`${year + 1}-12-31`} defaultValue="" />
              </label>
              <label>
                {t.kind}
                <select name="kind" defaultValue="holiday">
                  <option value="holiday">{t.kindLong.holiday}</option>
                  <option value="workday">{t.kindLong.workday}</option>
                </select>
              </label>
              <label>
                {t.name}
                <input name="name" required maxLength={20} className="short" />
              </label>
              <button type="submit" className="button primary" disabled={busy}>
                {t.add}
              </button>
            </Form>
            <FormError error={errorFor("add")} />
          </section>

          <section className="panel">
            <h2>{t.periodsTitle}</h2>
            <p className="muted small">{t.periodsIntro}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="periods" />
              <div className="periods">
                {rowsForPeriods.map((p, i) => (
                  <fieldset key={i} className="period plain">
                    <legend className="visually-hidden">{t.periodN(i + 1)}</legend>
                    <label>
                      {i === 0 ? t.periodStart : <span className="visually-hidden">{t.periodStart}</span>}
                      <input name="start" className="tiny" defaultValue={p.start} placeholder="09:00" inputMode="numeric" pattern="([01][0-9]|2[0-3]):[0-5][0-9]" />
                    </label>
                    <span aria-hidden="true">–</span>
                    <label>
                      {i === 0 ? t.periodEnd : <span className="visually-hidden">{t.periodEnd}</span>}
                      <input name="end" className="tiny" defaultValue={p.end} placeholder="12:00" inputMode="numeric" pattern="([01][0-9]|2[0-3]):[0-5][0-9]|24:00" />
                    </label>
                  </fieldset>
                ))}
              </div>
              <FormError error={errorFor("periods")} />
              <button type="submit" className="button primary" disabled={busy}>
                {messages.common.save}
              </button>
            </Form>
          </section>
        </div>
      </div>

      <section className="panel">
        <h2>{t.importTitle}</h2>
        <p className="muted small">{t.importIntro(year)}</p>
        <Form method="post" key={`import-${year}-${arrangement.length}`}>
          <input type="hidden" name="intent" value="import" />
          <input type="hidden" name="year" value={year} />
          <label>
            {t.importText}
            <textarea name="text" className="arrangement" defaultValue={arrangement} spellCheck={false} placeholder={`${year}-01-01 休 元旦`} />
          </label>
          <FormError error={errorFor("import")} />
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={busy}>
              {t.importSubmit}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}

/** The holidays of a month, named under its grid (e.g. "春节 · 春节调休上班"). */
function MonthNames({ weeks }: { weeks: Cell[][] }) {
  const names = [...new Set(weeks.flat().flatMap((c) => (c?.name ? [c.name] : [])))];
  if (names.length === 0) return null;
  return <p className="month-names">{names.join(" · ")}</p>;
}

function useNoticeParam(): string {
  const [params] = useSearchParams();
  return params.get("notice") ?? "";
}
