import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Deadline } from "~/app/components/deadline";
import { FilterSelect } from "~/app/components/filter-select";
import { OverdueTrendChart } from "~/app/components/overdue-trend-chart";
import { Pagination } from "~/app/components/pagination";
import { addresseeText, LevelLabel, ResponseStatus } from "~/app/components/supervision-labels";
import { pageFromUrl } from "~/app/form.server";
import { formatDateTime, messages } from "~/app/i18n";
import { moduleByKey } from "~/app/navigation";
import { oneOf, positiveId } from "~/app/query-params.server";
import { requireTicketContext } from "~/app/tickets.server";
import stylesheet from "~/app/styles/supervision.css?url";
import ticketStyles from "~/app/styles/tickets.css?url";
import chartStyles from "~/app/styles/charts.css?url";
import { SUPERVISION_LEVELS, type SupervisionLevel } from "~/db/schema";
import { listDepartments } from "~/domain/departments";
import {
  countOpenTickets,
  dashboardScopeOf,
  DEADLINE_LIST_PAGE_SIZE,
  listDeadlines,
  listSupervisionRecords,
  overdueRateTrend,
  RECORDS_PAGE_SIZE,
  RESPONSE_FILTERS,
  type ResponseFilter,
} from "~/domain/supervision/dashboard";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: ticketStyles },
  { rel: "stylesheet", href: stylesheet },
  { rel: "stylesheet", href: chartStyles },
];
export const meta: MetaFunction = () => [{ title: `${messages.supervision.dashboard.title} · ${messages.appShortName}` }];

const VIEWS = ["overview", "dueSoon", "overdue", "records"] as const;
type View = (typeof VIEWS)[number];
/** The "due soon" windows offered; 24 hours is the department inbox's 临期 too. */
const WINDOWS = ["4", "8", "24", "48", "72"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db, clock, actor, user } = requireTicketContext(request, context, moduleByKey("supervision").roles);
  const scope = dashboardScopeOf(actor);
  const url = new URL(request.url);
  const view: View = oneOf(VIEWS, url.searchParams.get("view")) ?? "overview";
  const hours = Number(oneOf(WINDOWS, url.searchParams.get("hours")) ?? "24");
  const now = clock.now();
  const deadlineQuery = (which: "dueSoon" | "overdue", page: number) => listDeadlines(db, scope, { which, now, hours, page });
  const base = { view, hours, now, departmentName: scope.departmentId === null ? null : user.departmentName };
  // Sent with the data, so the page's browser bundle stays free of domain code.
  const pageSizes = { deadlines: DEADLINE_LIST_PAGE_SIZE, records: RECORDS_PAGE_SIZE };

  if (view === "overview") {
    const [open, trend, dueSoon, overdue, awaiting] = await Promise.all([
      countOpenTickets(db, scope),
      overdueRateTrend(db, scope, now),
      deadlineQuery("dueSoon", 1),
      deadlineQuery("overdue", 1),
      listSupervisionRecords(db, actor, { response: "awaiting" }, { offset: 0, limit: 0 }),
    ]);
    return { ...base, overview: { open, trend, dueSoon: dueSoon.total, overdue: overdue.total, awaiting: awaiting.total } };
  }
  if (view === "dueSoon" || view === "overdue") {
    const page = pageFromUrl(url, DEADLINE_LIST_PAGE_SIZE);
    const deadlines = await deadlineQuery(view, page.page);
    return { ...base, deadlines: { ...deadlines, page: page.page, pageSize: pageSizes.deadlines } };
  }
  const filter = {
    level: oneOf<SupervisionLevel>(SUPERVISION_LEVELS, url.searchParams.get("level")),
    response: oneOf<ResponseFilter>(RESPONSE_FILTERS, url.searchParams.get("response")),
    departmentId: scope.departmentId === null ? positiveId(url.searchParams.get("department")) : undefined,
  };
  const page = pageFromUrl(url, RECORDS_PAGE_SIZE);
  const [records, departments] = await Promise.all([
    listSupervisionRecords(db, actor, filter, page),
    scope.departmentId === null ? listDepartments(db) : Promise.resolve([]),
  ]);
  return {
    ...base,
    records: { ...records, page: page.page, pageSize: pageSizes.records, responseFilters: RESPONSE_FILTERS, departments: departments.map((d) => ({ id: d.id, name: d.name })) },
    filter: { level: filter.level ?? "", response: filter.response ?? "", department: filter.departmentId ? String(filter.departmentId) : "" },
  };
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function SupervisionDashboard() {
  const data = useLoaderData<typeof loader>();
  const t = messages.supervision.dashboard;
  const viewHref = (view: View) => `?view=${view}&hours=${data.hours}`;
  return (
    <>
      <h1>{data.departmentName ? t.titleForUnit(data.departmentName) : t.title}</h1>
      <p className="lead">{data.departmentName ? t.introForUnit : t.intro}</p>
      <nav className="tabs" aria-label={t.title}>
        {VIEWS.map((view) => (
          <Link key={view} to={viewHref(view)} className={data.view === view ? "active" : undefined} aria-current={data.view === view ? "page" : undefined}>
            {t.tabs[view]}
          </Link>
        ))}
      </nav>
      {data.departmentName ? null : (
        <p className="small">
          <Link to="/hotline-figures">{messages.telephony.figures.title}</Link> · <Link to="/supervision/hotspots">{messages.dispatchSuggest.hotspots.title}</Link>
        </p>
      )}
      {"overview" in data && data.overview ? <Overview data={data} overview={data.overview} /> : null}
      {"deadlines" in data && data.deadlines ? <DeadlineList view={data.view as "dueSoon" | "overdue"} hours={data.hours} now={data.now} deadlines={data.deadlines} /> : null}
      {"records" in data && data.records ? <Records records={data.records} filter={data.filter} unit={data.departmentName !== null} /> : null}
    </>
  );
}

function Overview({ data, overview }: { data: LoaderData; overview: NonNullable<Extract<LoaderData, { overview: unknown }>["overview"]> }) {
  const t = messages.supervision.dashboard;
  const states = messages.tickets.states;
  return (
    <>
      <ul className="figures">
        <li>
          {t.openTickets}
          <span className="big-number">{overview.open.total}</span>
        </li>
        <li>
          <Link to={`?view=dueSoon&hours=${data.hours}`}>
            {t.dueSoonCount(data.hours)}
            <span className="big-number">{overview.dueSoon}</span>
          </Link>
        </li>
        <li>
          <Link to="?view=overdue">
            {t.overdueCount}
            <span className={`big-number${overview.overdue ? " danger" : ""}`}>{overview.overdue}</span>
          </Link>
        </li>
        <li>
          <Link to="?view=records&response=awaiting">
            {t.awaitingCount}
            <span className={`big-number${overview.awaiting ? " danger" : ""}`}>{overview.awaiting}</span>
          </Link>
        </li>
      </ul>

      <section className="panel" aria-labelledby="trend-heading">
        <h2 id="trend-heading">{t.trendTitle}</h2>
        <OverdueTrendChart points={overview.trend} />
      </section>

      {overview.open.total === 0 ? (
        <div className="empty-state">{t.noOpenTickets}</div>
      ) : (
        <div className="split">
          <section className="panel" aria-labelledby="by-state-heading">
            <h2 id="by-state-heading">{t.byState}</h2>
            <table className="data-table compact">
              <thead>
                <tr>
                  <th scope="col">{t.state}</th>
                  <th scope="col">{t.count}</th>
                </tr>
              </thead>
              <tbody>
                {overview.open.byState.map((s) => (
                  <tr key={s.state}>
                    <th scope="row">{states[s.state]}</th>
                    <td>{s.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="panel" aria-labelledby="by-department-heading">
            <h2 id="by-department-heading">{t.byDepartment}</h2>
            <table className="data-table compact">
              <thead>
                <tr>
                  <th scope="col">{t.department}</th>
                  <th scope="col">{t.count}</th>
                </tr>
              </thead>
              <tbody>
                {overview.open.byDepartment.map((d) => (
                  <tr key={d.departmentId ?? "none"}>
                    <th scope="row">{d.departmentName ?? t.notDispatched}</th>
                    <td>{d.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      )}
    </>
  );
}

function DeadlineList({
  view,
  hours,
  now,
  deadlines,
}: {
  view: "dueSoon" | "overdue";
  hours: number;
  now: Date | string;
  deadlines: NonNullable<Extract<LoaderData, { deadlines: unknown }>["deadlines"]>;
}) {
  const t = messages.supervision.dashboard;
  const s = messages.supervision;
  return (
    <>
      {view === "dueSoon" ? (
        <Form method="get" className="filters">
          <input type="hidden" name="view" value="dueSoon" />
          <label>
            {t.window}
            <select name="hours" defaultValue={String(hours)}>
              {WINDOWS.map((w) => (
                <option key={w} value={w}>
                  {t.windowOption(Number(w))}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button">
            {t.apply}
          </button>
        </Form>
      ) : null}
      {deadlines.rows.length === 0 ? (
        <div className="empty-state">{view === "dueSoon" ? t.noDueSoon(hours) : t.noOverdue}</div>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t.number}</th>
              <th scope="col">{t.ticketTitle}</th>
              <th scope="col">{t.department}</th>
              <th scope="col">{t.stage}</th>
              <th scope="col">{t.dueAt}</th>
              <th scope="col">{t.lastLevel}</th>
            </tr>
          </thead>
          <tbody>
            {deadlines.rows.map((row) => (
              <tr key={`${row.ticketId}-${row.kind}`}>
                <td className="nowrap">
                  <Link to={`/tickets/${row.ticketId}`}>{row.number}</Link>
                </td>
                <td>{row.title}</td>
                <td>{row.kind === "dispatch" ? s.record.centre : (row.departmentName ?? "—")}</td>
                <td>{s.stages[row.kind]}</td>
                <td className="nowrap">
                  {formatDateTime(row.dueAt)} <Deadline due={row.dueAt} now={now} />
                </td>
                <td>{row.lastLevel ? <LevelLabel level={row.lastLevel} /> : t.none}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={deadlines.page} pageSize={deadlines.pageSize} total={deadlines.total} />
    </>
  );
}

function Records({
  records,
  filter,
  unit,
}: {
  records: NonNullable<Extract<LoaderData, { records: unknown }>["records"]>;
  filter: { level: string; response: string; department: string };
  unit: boolean;
}) {
  const t = messages.supervision.dashboard;
  const s = messages.supervision;
  return (
    <>
      <Form method="get" className="filters" role="search">
        <input type="hidden" name="view" value="records" />
        <FilterSelect name="level" label={t.recordsFilter.level} value={filter.level} options={SUPERVISION_LEVELS} labels={s.levels} />
        <FilterSelect name="response" label={t.recordsFilter.response} value={filter.response} options={records.responseFilters} labels={s.responseStatus} />
        {unit ? null : (
          <label>
            {t.recordsFilter.department}
            <select name="department" defaultValue={filter.department}>
              <option value="">{messages.common.all}</option>
              {records.departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit" className="button">
          {messages.common.search}
        </button>
      </Form>
      {records.rows.length === 0 ? (
        <div className="empty-state">{t.noRecords}</div>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t.createdAt}</th>
              <th scope="col">{t.level}</th>
              <th scope="col">{t.number}</th>
              <th scope="col">{t.addressee}</th>
              <th scope="col">{t.notice}</th>
              <th scope="col">{t.response}</th>
            </tr>
          </thead>
          <tbody>
            {records.rows.map((r) => (
              <tr key={r.id}>
                <td className="nowrap">{formatDateTime(r.createdAt)}</td>
                <td>
                  <LevelLabel level={r.level} />
                  <span className="muted small block">
                    {r.issuedByName ? t.issuedBy(r.issuedByName) : t.bySweep}
                  </span>
                </td>
                <td className="nowrap">
                  <Link to={`/tickets/${r.ticketId}`}>{r.ticketNumber}</Link>
                </td>
                <td>{addresseeText(r)}</td>
                <td>{r.notice}</td>
                <td>
                  <ResponseStatus record={r} /> <Link to={`/supervision/records/${r.id}`}>{t.view}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={records.page} pageSize={records.pageSize} total={records.total} />
    </>
  );
}
