/**
 * Daily rates (0–1) as an inline SVG line chart — no chart library, renders on the server and in
 * print — with axes, a tooltip per point, a legend when there is more than one line, and the same
 * numbers as a table for screen readers and for reading exact values. A day without a value
 * breaks its line. Used by the supervision dashboard (overdue rate) and the statistics pages
 * (the three rates).
 */

export interface RateSeries {
  key: string;
  label: string;
  /** One value per day (same order as `days`); null = nothing to compute that day. */
  values: readonly (number | null)[];
  /** Extra CSS class for the line and dots (colour, dash pattern); defaults to `series-<index>`. */
  className?: string;
  /** The tooltip of one point; defaults to "day label：percent". */
  tooltip?: (index: number) => string;
}

export interface ChartTable {
  columns: readonly string[];
  rows: readonly { key: string; header: string; cells: readonly (string | number)[] }[];
}

const WIDTH = 720;
const HEIGHT = 240;
const PAD = { left: 48, right: 16, top: 16, bottom: 40 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;
const Y_TICKS = [0, 0.25, 0.5, 0.75, 1];
/** About this many day labels on the x axis, so they never overlap; the table has them all. */
const X_LABELS = 7;

export const percent = (rate: number) => `${Math.round(rate * 100)}%`;
export const percent1 = (rate: number) => `${(rate * 100).toFixed(1)}%`;

export function RateLineChart({
  days,
  series,
  label,
  caption,
  xTitle,
  yTitle,
  tableSummary,
  table,
}: {
  days: readonly string[];
  series: readonly RateSeries[];
  /** The accessible name of the chart (and the table's caption). */
  label: string;
  caption?: string;
  xTitle: string;
  yTitle: string;
  tableSummary: string;
  table: ChartTable;
}) {
  const labelEvery = Math.max(1, Math.ceil(days.length / X_LABELS));
  const x = (i: number) => PAD.left + (days.length <= 1 ? PLOT_W / 2 : (i / (days.length - 1)) * PLOT_W);
  const y = (rate: number) => PAD.top + (1 - rate) * PLOT_H;
  const lines = series.map((s, index) => {
    const segments: { i: number; rate: number }[][] = [];
    s.values.forEach((rate, i) => {
      if (rate === null) return;
      if (s.values[i - 1] == null) segments.push([]);
      segments.at(-1)!.push({ i, rate });
    });
    return { ...s, className: s.className ?? `series-${index}`, segments };
  });
  return (
    <figure className="trend-figure">
      {lines.length > 1 ? (
        <ul className="chart-legend">
          {lines.map((line) => (
            <li key={line.key}>
              <svg width="28" height="10" aria-hidden="true" className="legend-swatch">
                <line x1="0" x2="28" y1="5" y2="5" className={`trend-line ${line.className}`} />
              </svg>
              {line.label}
            </li>
          ))}
        </ul>
      ) : null}
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} className="trend-chart">
        {Y_TICKS.map((tick) => (
          <g key={tick}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} className="grid" />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" className="axis-label">
              {percent(tick)}
            </text>
          </g>
        ))}
        {days.map((day, i) =>
          (i % labelEvery === 0 && days.length - 1 - i >= labelEvery / 2) || i === days.length - 1 ? (
            <text key={day} x={x(i)} y={HEIGHT - PAD.bottom + 18} textAnchor="middle" className="axis-label">
              {day.slice(5)}
            </text>
          ) : null,
        )}
        <text x={PAD.left + PLOT_W / 2} y={HEIGHT - 4} textAnchor="middle" className="axis-title">
          {xTitle}
        </text>
        <text x={12} y={PAD.top + PLOT_H / 2} textAnchor="middle" className="axis-title" transform={`rotate(-90 12 ${PAD.top + PLOT_H / 2})`}>
          {yTitle}
        </text>
        {lines.map((line) => (
          <g key={line.key}>
            {line.segments.map((segment) => (
              <polyline key={segment[0]!.i} className={`trend-line ${line.className}`} points={segment.map((s) => `${x(s.i)},${y(s.rate)}`).join(" ")} />
            ))}
            {line.segments.flat().map((s) => (
              <circle key={s.i} cx={x(s.i)} cy={y(s.rate)} r={3.5} className={`trend-dot ${line.className}`}>
                <title>{line.tooltip ? line.tooltip(s.i) : `${days[s.i]} ${line.label}：${percent1(s.rate)}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      {caption ? <figcaption className="muted small">{caption}</figcaption> : null}
      <details>
        <summary>{tableSummary}</summary>
        <table className="data-table compact">
          <caption className="visually-hidden">{label}</caption>
          <thead>
            <tr>
              {table.columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.header}</th>
                {row.cells.map((cell, i) => (
                  <td key={i}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
