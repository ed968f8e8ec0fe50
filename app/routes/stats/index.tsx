import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/app/auth.server";
import { DefinitionsList, RankingTable, RatesTrendChart } from "~/app/components/stats";
import { formText, readForm } from "~/app/form.server";
import { formatDateTime, messages } from "~/app/i18n";
import {
  badRequest,
  definitionLines,
  departmentNames,
  idParam,
  loadComputedAt,
  loadRanking,
  loadTrend,
  monthPeriod,
  periodFromUrl,
  periodQuery,
  previousMonth,
  requireStats,
  last30Days,
  thisMonth,
} from "~/app/stats.server";
import chartStyles from "~/app/styles/charts.css?url";
import stylesheet from "~/app/styles/stats.css?url";
import { rollUpDepartmentStats } from "~/domain/stats/rollup";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: chartStyles },
  { rel: "stylesheet", href: stylesheet },
];
export const meta: MetaFunction = () => [{ title: `${messages.stats.title} · ${messages.appShortName}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db, clock, scope } = requireStats(request, context);
  const url = new URL(request.url);
  const now = clock.now();
  const { period, preset } = periodFromUrl(url, now);
  const departments = scope.departmentId === null ? await departmentNames(db) : [];
  let trendDepartmentId = scope.departmentId;
  if (scope.departmentId === null) {
    trendDepartmentId = idParam(url, "trend", messages.stats.errors.departmentInvalid);
    if (trendDepartmentId !== null && !departments.some((d) => d.id === trendDepartmentId)) throw badRequest(messages.stats.errors.departmentNotFound);
  }
  const [ranking, trend, computedAt] = await Promise.all([loadRanking(db, scope, period), loadTrend(db, period, trendDepartmentId), loadComputedAt(db)]);
  const refreshed = url.searchParams.get("refreshed");
  return {
    period,
    preset,
    presets: { last30Days: last30Days(now), thisMonth: thisMonth(now), lastMonth: monthPeriod(previousMonth(now)) },
    scope,
    rows: ranking.rows,
    definitions: definitionLines(ranking.definitions),
    trend,
    trendDepartmentId,
    trendDepartmentName: trendDepartmentId === null ? null : (departments.find((d) => d.id === trendDepartmentId)?.name ?? scope.departmentName),
    departments,
    computedAt,
    refreshed: refreshed !== null && /^\d{1,6}$/.test(refreshed) ? Number(refreshed) : null,
  };
}

/** 立即更新: administrators run the rollup now (it also runs every 5 minutes in the workers). */
export async function action({ request, context }: ActionFunctionArgs) {
  requireRole(request, context, ["administrator"]);
  const form = await readForm(request);
  if (formText(form, "intent") !== "refresh") throw badRequest(messages.errors.codes.invalid_input);
  const { days } = await rollUpDepartmentStats({ db: context.services.db, clock: context.services.clock });
  // Back to the same period (when the form's values are sound; otherwise the default).
  const url = new URL(request.url);
  const from = formText(form, "from");
  const to = formText(form, "to");
  let query = "";
  try {
    if (from && to) {
      url.searchParams.set("from", from);
      url.searchParams.set("to", to);
      query = `${periodQuery(periodFromUrl(url, context.services.clock.now()).period)}&`;
    }
  } catch {
    query = "";
  }
  return redirect(`/stats?${query}refreshed=${days}`);
}

export default function StatsPage() {
  const data = useLoaderData<typeof loader>();
  const t = messages.stats;
  const busy = useNavigation().state !== "idle";
  const { period } = data;
  const periodHref = (p: { from: string; to: string }) => `?${new URLSearchParams({ from: p.from, to: p.to })}`;
  const reportMonth = period.from.slice(0, 7);
  const exportQuery = new URLSearchParams({ from: period.from, to: period.to }).toString();
  return (
    <>
      <h1>{data.scope.departmentName ? t.titleForUnit(data.scope.departmentName) : t.title}</h1>
      <p className="lead">{data.scope.departmentName ? t.introForUnit : t.intro}</p>

      <div className="freshness">
        <span className="muted small" role="status">
          {data.computedAt ? t.computedAt(formatDateTime(data.computedAt)) : t.neverComputed} {t.rollupNote}
        </span>
        {data.scope.administrator ? (
          <Form method="post">
            <input type="hidden" name="intent" value="refresh" />
            <input type="hidden" name="from" value={period.from} />
            <input type="hidden" name="to" value={period.to} />
            <button type="submit" className="button" disabled={busy}>
              {t.refresh}
            </button>
          </Form>
        ) : null}
      </div>
      {data.refreshed !== null ? (
        <p className="notice" role="status">
          {t.refreshed(data.refreshed)}
        </p>
      ) : null}

      <div className="stats-toolbar">
        <nav className="tabs" aria-label={t.period.legend}>
          <Link to={periodHref(data.presets.last30Days)} aria-current={data.preset === "last30Days" ? "page" : undefined} className={data.preset === "last30Days" ? "active" : undefined}>
            {t.period.last30Days}
          </Link>
          <Link to={periodHref(data.presets.thisMonth)} aria-current={data.preset === "thisMonth" ? "page" : undefined} className={data.preset === "thisMonth" ? "active" : undefined}>
            {t.period.thisMonth}
          </Link>
          <Link to={periodHref(data.presets.lastMonth)} aria-current={data.preset === "lastMonth" ? "page" : undefined} className={data.preset === "lastMonth" ? "active" : undefined}>
            {t.period.lastMonth}
          </Link>
        </nav>
        <Form method="get" className="filters" aria-label={t.period.custom}>
          <label>
            {t.period.from}
            <input type="date" name="from" required defaultValue={period.from} key={`from-${period.from}`} />
          </label>
          <label>
            {t.period.to}
            <input type="date" name="to" required defaultValue={period.to} key={`to-${period.to}`} />
          </label>
          {data.trendDepartmentId !== null && data.scope.departmentId === null ? <input type="hidden" name="trend" value={data.trendDepartmentId} /> : null}
          <button type="submit" className="button">
            {t.period.apply}
          </button>
        </Form>
      </div>

      <section className="panel" aria-labelledby="ranking-heading">
        <h2 id="ranking-heading">
          {t.ranking.title} <span className="muted small">{t.period.range(period.from, period.to)}</span>
        </h2>
        <RankingTable rows={data.rows} period={period} linked={data.scope.ticketDetails} />
        <h3 className="small">{t.exports.title}</h3>
        <p className="export-links">
          <a className="button" href={`/stats/export.csv?${exportQuery}`}>
            {t.exports.csv}
          </a>
          <a className="button" href={`/stats/export.xlsx?${exportQuery}`}>
            {t.exports.xlsx}
          </a>
          <a className="button" href={`/stats/report?month=${reportMonth}`}>
            {t.exports.report(reportMonth)}
          </a>
        </p>
      </section>

      <section className="panel" aria-labelledby="trend-heading">
        <h2 id="trend-heading">
          {t.trend.title} <span className="muted small">{data.trendDepartmentName ?? t.trend.allDepartments}</span>
        </h2>
        {data.scope.departmentId === null ? (
          <Form method="get" className="filters">
            <input type="hidden" name="from" value={period.from} />
            <input type="hidden" name="to" value={period.to} />
            <label>
              {t.trend.department}
              <select name="trend" defaultValue={data.trendDepartmentId ?? ""} key={data.trendDepartmentId ?? "all"}>
                <option value="">{t.trend.allDepartments}</option>
                {data.departments.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="button">
              {t.trend.show}
            </button>
          </Form>
        ) : null}
        <RatesTrendChart points={data.trend} scopeLabel={data.trendDepartmentName ?? t.trend.allDepartments} />
      </section>

      <section className="panel" aria-labelledby="definitions-heading">
        <h2 id="definitions-heading">{t.definitions.title}</h2>
        <DefinitionsList lines={data.definitions} />
        {data.scope.administrator ? (
          <p>
            <Link to="/admin/stats-definitions">{t.definitions.edit}</Link>
          </p>
        ) : null}
      </section>
    </>
  );
}

