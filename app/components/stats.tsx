import { Link } from "@remix-run/react";
import { percent1, RateLineChart } from "~/app/components/line-chart";
import { messages } from "~/app/i18n";

/** The ranking table, the three-rate trend chart and the definitions: /stats and the monthly report. */

type Measure = keyof typeof messages.stats.ranking.drillTitle;

export interface RankingRow {
  departmentId: number;
  name: string;
  code: string;
  rank: number;
  received: number;
  reworked: number;
  reworkRounds: number;
  rates: { response: number | null; resolution: number | null; satisfaction: number | null; onTime: number | null; score: number | null };
}

export interface PeriodView {
  from: string;
  to: string;
}

export const rateText = (rate: number | null) => (rate === null ? messages.stats.ranking.noValue : percent1(rate));
export const scoreText = (score: number | null) => (score === null ? messages.stats.ranking.noValue : (score * 100).toFixed(1));

export function drillHref(period: PeriodView, departmentId: number, measure: Measure): string {
  return `/stats/tickets?${new URLSearchParams({ department: String(departmentId), from: period.from, to: period.to, measure })}`;
}

/**
 * Departments ranked by score. With `linked`, each figure links to the tickets behind it (a rate
 * to the tickets that pulled it down).
 */
export function RankingTable({ rows, period, linked }: { rows: readonly RankingRow[]; period: PeriodView; linked: boolean }) {
  const t = messages.stats.ranking;
  const cell = (row: RankingRow, measure: Measure, text: string | number) =>
    linked ? (
      <Link to={drillHref(period, row.departmentId, measure)} title={t.drillTitle[measure]}>
        {text}
      </Link>
    ) : (
      text
    );
  if (rows.length === 0) return <div className="empty-state">{t.empty}</div>;
  return (
    <div className="table-scroll">
      <table className="data-table stats-ranking">
        <caption className="visually-hidden">{t.caption(period.from, period.to)}</caption>
        <thead>
          <tr>
            <th scope="col">{t.rank}</th>
            <th scope="col">{t.department}</th>
            <th scope="col" className="num">{t.received}</th>
            <th scope="col" className="num">{t.response}</th>
            <th scope="col" className="num">{t.resolution}</th>
            <th scope="col" className="num">{t.satisfaction}</th>
            <th scope="col" className="num">{t.onTime}</th>
            <th scope="col" className="num">{t.rework}</th>
            <th scope="col" className="num">{t.score}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.departmentId}>
              <td>{row.rank}</td>
              <th scope="row">{row.name}</th>
              <td className="num">{cell(row, "received", row.received)}</td>
              <td className="num">{cell(row, "signed_late", rateText(row.rates.response))}</td>
              <td className="num">{cell(row, "unresolved", rateText(row.rates.resolution))}</td>
              <td className="num">{cell(row, "dissatisfied", rateText(row.rates.satisfaction))}</td>
              <td className="num">{cell(row, "replied_late", rateText(row.rates.onTime))}</td>
              <td className="num">{cell(row, "reworked", `${row.reworked} / ${row.reworkRounds}`)}</td>
              <td className="num">{scoreText(row.rates.score)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface TrendPointView {
  day: string;
  received: number;
  response: number | null;
  resolution: number | null;
  satisfaction: number | null;
}

/** 响应率, 解决率, 满意率 day by day on the shared line chart, with the table fallback. */
export function RatesTrendChart({ points, scopeLabel }: { points: readonly TrendPointView[]; scopeLabel: string }) {
  const t = messages.stats.trend;
  const r = messages.stats.ranking;
  if (points.every((p) => p.received === 0)) return <div className="empty-state">{t.empty}</div>;
  const series = [
    { key: "response", label: r.response, values: points.map((p) => p.response) },
    { key: "resolution", label: r.resolution, values: points.map((p) => p.resolution) },
    { key: "satisfaction", label: r.satisfaction, values: points.map((p) => p.satisfaction) },
  ];
  return (
    <RateLineChart
      days={points.map((p) => p.day)}
      series={series}
      label={t.chartLabel(points[0]?.day ?? "", points.at(-1)?.day ?? "", `${scopeLabel} `)}
      caption={t.caption}
      xTitle={t.day}
      yTitle={t.rate}
      tableSummary={t.tableSummary}
      table={{
        columns: [t.day, r.received, r.response, r.resolution, r.satisfaction],
        rows: points.map((p) => ({
          key: p.day,
          header: p.day,
          cells: [p.received, ...[p.response, p.resolution, p.satisfaction].map((v) => (v === null ? t.noValue : percent1(v)))],
        })),
      }}
    />
  );
}

/** The rate definitions in words (lines prepared on the server from the current settings). */
export function DefinitionsList({ lines }: { lines: readonly string[] }) {
  return (
    <ul className="definitions">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
