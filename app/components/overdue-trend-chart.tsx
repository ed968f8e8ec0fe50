import { percent, RateLineChart } from "~/app/components/line-chart";
import { messages } from "~/app/i18n";

export interface TrendPointView {
  day: string;
  replies: number;
  late: number;
  rate: number | null;
}

/**
 * The daily overdue rate of the supervision dashboard: one line on the shared RateLineChart, with
 * late/replies in each tooltip and table row. Days without replies have no rate: the line breaks.
 */
export function OverdueTrendChart({ points }: { points: readonly TrendPointView[] }) {
  const t = messages.supervision.dashboard;
  return (
    <RateLineChart
      days={points.map((p) => p.day)}
      label={t.trendChartLabel(points[0]?.day ?? "", points.at(-1)?.day ?? "")}
      caption={t.trendDefinition}
      xTitle={t.day}
      yTitle={t.rate}
      tableSummary={t.trendTableSummary}
      series={[
        {
          key: "overdue",
          label: t.rate,
          className: "overdue",
          values: points.map((p) => p.rate),
          tooltip: (i) => {
            const p = points[i]!;
            return `${p.day}：${percent(p.rate ?? 0)}（${p.late}/${p.replies}）`;
          },
        },
      ]}
      table={{
        columns: [t.day, t.replies, t.late, t.rate],
        rows: points.map((p) => ({ key: p.day, header: p.day, cells: [p.replies, p.late, p.rate === null ? t.noRate : percent(p.rate)] })),
      }}
    />
  );
}
