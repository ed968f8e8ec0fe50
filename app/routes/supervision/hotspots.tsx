import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/app/components/pagination";
import { pageFromUrl } from "~/app/form.server";
import { formatDateTime, messages } from "~/app/i18n";
import { requireTicketContext } from "~/app/tickets.server";
import { listHotspots } from "~/domain/duplicates/hotspots";

const PAGE_SIZE = 20;
const DAY_CHOICES = [3, 7, 14, 30] as const;
const DEFAULT_DAYS = 7;

export const meta: MetaFunction = () => [{ title: `${messages.dispatchSuggest.hotspots.title} · ${messages.appShortName}` }];

/** 热点诉求: many citizens reporting the same thing in one area, for supervisors. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db, clock } = requireTicketContext(request, context, ["supervisor"]);
  const url = new URL(request.url);
  const asked = Number(url.searchParams.get("days"));
  const days = (DAY_CHOICES as readonly number[]).includes(asked) ? asked : DEFAULT_DAYS;
  const page = pageFromUrl(url, PAGE_SIZE);
  const result = await listHotspots(db, { now: clock.now(), days, offset: page.offset, limit: page.limit });
  return { ...result, days, page: page.page };
}

export default function Hotspots() {
  const { rows, total, days, page, coverage } = useLoaderData<typeof loader>();
  const t = messages.dispatchSuggest.hotspots;
  return (
    <>
      <h1>{t.title}</h1>
      <p className="lead">{t.lead(days)}</p>
      {coverage.since ? (
        <p className="notice caution" role="status">
          {t.truncated(coverage.tickets, formatDateTime(coverage.since))}
        </p>
      ) : null}
      <Form method="get" className="filters">
        <label>
          {t.days}
          <select name="days" defaultValue={days}>
            {DAY_CHOICES.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button">
          {messages.common.search}
        </button>
      </Form>
      {rows.length === 0 ? (
        <div className="empty-state">{t.empty}</div>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t.area}</th>
              <th scope="col">{t.category}</th>
              <th scope="col">{t.count}</th>
              <th scope="col">{t.trend}</th>
              <th scope="col">{t.examples}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((h) => (
              <tr key={`${h.area}|${h.categoryName}|${h.examples[0]?.id}`}>
                <td>{h.area ?? <span className="muted">{t.noArea}</span>}</td>
                <td>{h.categoryName ?? <span className="muted">{t.noCategory}</span>}</td>
                <td>{h.count}</td>
                <td>
                  <DailyBars counts={h.perDay} />
                </td>
                <td className="small">
                  {h.examples.map((e) => (
                    <div key={e.id}>
                      <Link to={`/tickets/${e.id}`}>{e.number}</Link> {e.title}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} pageSize={PAGE_SIZE} total={total} />
    </>
  );
}

/** Tickets per day as a row of small bars, oldest day on the left; a day not analysed has none. */
function DailyBars({ counts }: { counts: (number | null)[] }) {
  const max = Math.max(1, ...counts.map((c) => c ?? 0));
  const barWidth = 6;
  const height = 24;
  return (
    <svg width={counts.length * barWidth} height={height} role="img" aria-label={messages.dispatchSuggest.hotspots.trendLabel(counts)}>
      {counts.map((c, i) => {
        if (c === null) return null;
        const h = c === 0 ? 1 : Math.max(2, Math.round((c / max) * height));
        return <rect key={i} x={i * barWidth} y={height - h} width={barWidth - 1} height={h} fill={c === 0 ? "#ccc" : "#c0392b"} />;
      })}
    </svg>
  );
}
