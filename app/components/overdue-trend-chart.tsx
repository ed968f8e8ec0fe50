import { messages } from "~/app/i18n";

export interface TrendPointView {
  day: string;
  replies: number;
  late: number;
  rate: number | null;
}

const WIDTH = 720;
const HEIGHT = 240;
const PAD = { left: 48, right: 16, top: 16, bottom: 40 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;
const Y_TICKS = [0, 0.25, 0.5, 0.75, 1];
/** Label every fifth day so 30 labels do not overlap; the table has them all. */
const X_LABEL_EVERY = 5;

const percent = (rate: number) => `${Math.round(rate * 100)}%`;

/**
 * The daily overdue rate as an inline SVG line chart (no chart library, renders on the server),
 * with axis labels, a tooltip per day, and the same numbers as a table for screen readers and
 * for reading exact values. Days without replies have no rate: the line breaks there.
 */
export function OverdueTrendChart({ points }: { points: readonly TrendPointView[] }) {
  const t = messages.supervision.dashboard;
  const x = (i: number) => PAD.left + (points.length <= 1 ? PLOT_W / 2 : (i / (points.length - 1)) * PLOT_W);
  const y = (rate: number) => PAD.top + (1 - rate) * PLOT_H;
  const segments: { i: number; rate: number }[][] = [];
  points.forEach((p, i) => {
    if (p.rate === null) return;
    if (points[i - 1]?.rate == null) segments.push([]);
    segments.at(-1)!.push({ i, rate: p.rate });
  });
  const label = t.trendChartLabel(points[0]?.day ?? "", points.at(-1)?.day ?? "");
  return (
    <figure className="trend-figure">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} className="trend-chart">
        {Y_TICKS.map((tick) => (
          <g key={tick}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} className="grid" />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" className="axis-label">
              {percent(tick)}
            </text>
          </g>
        ))}
        {points.map((p, i) =>
          i % X_LABEL_EVERY === 0 || i === points.length - 1 ? (
            <text key={p.day} x={x(i)} y={HEIGHT - PAD.bottom + 18} textAnchor="middle" className="axis-label">
              {p.day.slice(5)}
            </text>
          ) : null,
        )}
        <text x={PAD.left + PLOT_W / 2} y={HEIGHT - 4} textAnchor="middle" className="axis-title">
          {t.day}
        </text>
        <text x={12} y={PAD.top + PLOT_H / 2} textAnchor="middle" className="axis-title" transform={`rotate(-90 12 ${PAD.top + PLOT_H / 2})`}>
          {t.rate}
        </text>
        {segments.map((segment) => (
          <polyline key={segment[0]!.i} className="trend-line" points={segment.map((s) => `${x(s.i)},${y(s.rate)}`).join(" ")} />
        ))}
        {points.map((p, i) =>
          p.rate === null ? null : (
            <circle key={p.day} cx={x(i)} cy={y(p.rate)} r={3.5} className="trend-dot">
              <title>{`${p.day}：${percent(p.rate)}（${p.late}/${p.replies}）`}</title>
            </circle>
          ),
        )}
      </svg>
      <figcaption className="muted small">{t.trendDefinition}</figcaption>
      <details>
        <summary>{t.trendTableSummary}</summary>
        <table className="data-table compact">
          <caption className="visually-hidden">{label}</caption>
          <thead>
            <tr>
              <th scope="col">{t.day}</th>
              <th scope="col">{t.replies}</th>
              <th scope="col">{t.late}</th>
              <th scope="col">{t.rate}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.day}>
                <th scope="row">{p.day}</th>
                <td>{p.replies}</td>
                <td>{p.late}</td>
                <td>{p.rate === null ? t.noRate : percent(p.rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
