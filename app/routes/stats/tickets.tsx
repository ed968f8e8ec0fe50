import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/app/components/pagination";
import { formatDateTime, messages } from "~/app/i18n";
import { badRequest, departmentNames, idParam, pageParam, periodFromUrl, requireStats } from "~/app/stats.server";
import stylesheet from "~/app/styles/stats.css?url";
import { getStatsDefinitions } from "~/domain/stats/definitions";
import { DRILL_DOWN_MEASURES, DRILL_DOWN_PAGE_SIZE, type DrillDownMeasure, drillDown } from "~/domain/stats/drill-down";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${messages.stats.drill.title(data.departmentName, messages.stats.drill.measures[data.measure])} · ${messages.appShortName}` : messages.appName },
];

/**
 * GET /stats/tickets?department=&from=&to=&measure=&page= — the tickets behind one figure of the
 * ranking. Every parameter is checked (a 400 says which is wrong); a department lead may open only
 * its own department (403 otherwise); the list applies the ticket visibility rules.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db, clock, scope, actor } = requireStats(request, context);
  const url = new URL(request.url);
  const e = messages.stats.errors;
  const departmentId = idParam(url, "department", e.departmentInvalid);
  if (departmentId === null) throw badRequest(e.departmentInvalid);
  const rawMeasure = url.searchParams.get("measure") ?? "received";
  if (!(DRILL_DOWN_MEASURES as readonly string[]).includes(rawMeasure)) throw badRequest(e.measureInvalid);
  const measure = rawMeasure as DrillDownMeasure;
  const { period } = periodFromUrl(url, clock.now());
  const page = pageParam(url);
  if (scope.departmentId !== null && scope.departmentId !== departmentId) throw new Response(e.otherDepartment, { status: 403, statusText: "Forbidden" });
  const department = (await departmentNames(db)).find((d) => d.id === departmentId);
  if (!department) throw badRequest(e.departmentNotFound);

  const base = { departmentId, departmentName: department.name, measure, period, page, pageSize: DRILL_DOWN_PAGE_SIZE };
  if (!scope.ticketDetails) return { ...base, ticketDetails: false, rows: [], total: 0 };
  const definitions = await getStatsDefinitions(db);
  const result = await drillDown(db, actor, { departmentId, period, measure, page, definitions });
  return {
    ...base,
    ticketDetails: true,
    total: result.total,
    rows: result.rows.map((t) => ({
      id: t.id,
      number: t.number,
      title: t.title,
      createdAt: t.createdAt,
      state: t.state,
      finalRating: t.finalRating,
      ratingDefaulted: t.ratingDefaulted,
      round: t.round,
    })),
  };
}

export default function StatsDrillDown() {
  const data = useLoaderData<typeof loader>();
  const t = messages.stats.drill;
  const back = `/stats?${new URLSearchParams({ from: data.period.from, to: data.period.to })}`;
  return (
    <>
      <p>
        <Link to={back}>← {t.back}</Link>
      </p>
      <h1>{t.title(data.departmentName, t.measures[data.measure])}</h1>
      <p className="lead">{t.period(data.period.from, data.period.to)}</p>
      {!data.ticketDetails ? (
        <div className="empty-state">{t.administratorNote}</div>
      ) : data.rows.length === 0 ? (
        <div className="empty-state">{t.empty}</div>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t.number}</th>
              <th scope="col">{t.ticketTitle}</th>
              <th scope="col">{t.createdAt}</th>
              <th scope="col">{t.state}</th>
              <th scope="col">{t.rating}</th>
              <th scope="col" className="num">
                {t.round}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <tr key={row.id}>
                <td className="nowrap">
                  <Link to={`/tickets/${row.id}`}>{row.number}</Link>
                </td>
                <td>{row.title}</td>
                <td className="nowrap">{formatDateTime(row.createdAt)}</td>
                <td>{messages.tickets.states[row.state]}</td>
                <td>{row.finalRating === null ? "—" : `${messages.stats.levels[row.finalRating] ?? row.finalRating}${row.ratingDefaulted ? t.defaulted : ""}`}</td>
                <td className="num">{row.round}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.ticketDetails ? <Pagination page={data.page} pageSize={data.pageSize} total={data.total} /> : null}
    </>
  );
}
