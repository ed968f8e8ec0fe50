import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DefinitionsList, RankingTable, RatesTrendChart } from "~/app/components/stats";
import { formatDateTime, messages } from "~/app/i18n";
import { definitionLines, loadComputedAt, loadRanking, loadTrend, monthFromUrl, monthPeriod, requireStats } from "~/app/stats.server";
import chartStyles from "~/app/styles/charts.css?url";
import stylesheet from "~/app/styles/stats.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: chartStyles },
  { rel: "stylesheet", href: stylesheet },
];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${messages.stats.report.title(messages.stats.report.monthLabel(data.month))} · ${messages.appName}` : messages.appName },
];

/**
 * GET /stats/report?month=YYYY-MM (absent = last month): the printable monthly report, outside the
 * workspace layout (no navigation), laid out for A4 — the centre's name and the month, the
 * ranking, the trend chart, the definitions and when it was generated.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db, clock, scope } = requireStats(request, context);
  const month = monthFromUrl(new URL(request.url), clock.now());
  const period = monthPeriod(month);
  const [ranking, trend, computedAt] = await Promise.all([loadRanking(db, scope, period), loadTrend(db, period, scope.departmentId), loadComputedAt(db)]);
  return {
    month,
    period,
    scope,
    rows: ranking.rows,
    definitions: definitionLines(ranking.definitions),
    trend,
    computedAt,
    generatedAt: clock.now().toISOString(),
  };
}

export default function StatsReport() {
  const data = useLoaderData<typeof loader>();
  const t = messages.stats;
  const monthLabel = t.report.monthLabel(data.month);
  return (
    <>
      <div className="report-actions no-print">
        <a href={`/stats?${new URLSearchParams({ from: data.period.from, to: data.period.to })}`}>← {t.report.back}</a>
        <button type="button" className="button primary" onClick={() => window.print()}>
          {t.report.print}
        </button>
      </div>
      <main className="report">
        <header className="report-header">
          <p className="centre">{messages.appName}</p>
          <h1>{t.report.title(monthLabel)}</h1>
          <p className="muted">
            {data.scope.departmentName ? t.report.forUnit(data.scope.departmentName) : t.report.allUnits} · {t.report.period(data.period.from, data.period.to)}
          </p>
        </header>
        <section aria-labelledby="report-ranking">
          <h2 id="report-ranking">{t.ranking.title}</h2>
          <RankingTable rows={data.rows} period={data.period} linked={false} />
        </section>
        <section aria-labelledby="report-trend">
          <h2 id="report-trend">{t.trend.title}</h2>
          <RatesTrendChart points={data.trend} scopeLabel={data.scope.departmentName ?? t.trend.allDepartments} />
        </section>
        <section aria-labelledby="report-definitions">
          <h2 id="report-definitions">{t.definitions.title}</h2>
          <DefinitionsList lines={data.definitions} />
        </section>
        <p className="generated muted small">
          {t.report.generatedAt(formatDateTime(data.generatedAt))}
          {" · "}
          {data.computedAt ? t.computedAt(formatDateTime(data.computedAt)) : t.neverComputed}
        </p>
      </main>
    </>
  );
}
