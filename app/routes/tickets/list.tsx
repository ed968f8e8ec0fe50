import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { Deadline } from "~/app/components/deadline";
import { Pagination } from "~/app/components/pagination";
import { pageFromUrl } from "~/app/form.server";
import { formatDateTime, messages } from "~/app/i18n";
import { moduleByKey } from "~/app/navigation";
import { requireTicketContext, ticketListRow } from "~/app/tickets.server";
import stylesheet from "~/app/styles/tickets.css?url";
import { categoryTreeOptions } from "~/db/queries/categories";
import { activeCategoryOptions } from "~/domain/admin-data/categories";
import { REQUEST_TYPES, TICKET_CHANNELS, TICKET_STATES, URGENCIES } from "~/db/schema";
import { listDepartments } from "~/domain/departments";
import { listTickets } from "~/domain/tickets/queries";
import { ticketFilterFromUrl } from "~/app/ticket-filters.server";
import { FilterSelect } from "~/app/components/filter-select";

const PAGE_SIZE = 25;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = () => [{ title: `${messages.worklist.list.title} · ${messages.appShortName}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db, clock, actor } = requireTicketContext(request, context, moduleByKey("tickets").roles);
  const url = new URL(request.url);
  const { filter, params } = ticketFilterFromUrl(url);
  const page = pageFromUrl(url, PAGE_SIZE);
  const [result, departments, categoryList] = await Promise.all([
    listTickets(db, actor, filter, page, "newest"),
    listDepartments(db),
    activeCategoryOptions(db).then(categoryTreeOptions),
  ]);
  return {
    tickets: result.rows.map(ticketListRow),
    total: result.total,
    totalCapped: result.totalCapped,
    page: page.page,
    now: clock.now(),
    params,
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    categories: categoryList,
  };
}

export default function TicketListPage() {
  const { tickets, total, totalCapped, page, now, params, departments, categories: categoryList } = useLoaderData<typeof loader>();
  const location = useLocation();
  const t = messages.worklist.list;
  const tk = messages.tickets;
  const exportQuery = new URLSearchParams(location.search);
  exportQuery.delete("page");
  const exportSearch = exportQuery.toString();
  const exportHref = `/tickets/export.csv${exportSearch ? `?${exportSearch}` : ""}`;
  return (
    <>
      <h1>{t.title}</h1>
      <Form method="get" className="filters" role="search" aria-label={t.filtersLabel}>
        <FilterSelect name="state" label={tk.fields.state} value={params.state} options={TICKET_STATES} labels={tk.states} />
        <FilterSelect name="type" label={tk.fields.requestType} value={params.type} options={REQUEST_TYPES} labels={tk.requestTypes} />
        <FilterSelect name="urgency" label={tk.fields.urgency} value={params.urgency} options={URGENCIES} labels={tk.urgencies} />
        <FilterSelect name="channel" label={tk.fields.channel} value={params.channel} options={TICKET_CHANNELS} labels={tk.channels} />
        <label>
          {tk.fields.category}
          <select name="category" defaultValue={params.category}>
            <option value="">{messages.common.all}</option>
            {categoryList.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {tk.fields.leadDepartment}
          <select name="department" defaultValue={params.department}>
            <option value="">{messages.common.all}</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.text}
          <input type="search" name="q" defaultValue={params.q} maxLength={100} />
        </label>
        <label>
          {t.createdFrom}
          <input type="date" name="from" defaultValue={params.from} />
        </label>
        <label>
          {t.createdTo}
          <input type="date" name="to" defaultValue={params.to} />
        </label>
        <button type="submit" className="button">
          {messages.common.search}
        </button>
        <Link to="/tickets" className="button">
          {messages.common.reset}
        </Link>
      </Form>
      <div className="toolbar">
        <p className="muted small">{t.exportHint}</p>
        <a className="button" href={exportHref} download>
          {t.export}
        </a>
      </div>
      {tickets.length === 0 ? (
        <div className="empty-state">{t.empty}</div>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{tk.fields.number}</th>
              <th scope="col">{tk.fields.title}</th>
              <th scope="col">{tk.fields.requestType}</th>
              <th scope="col">{tk.fields.channel}</th>
              <th scope="col">{tk.fields.category}</th>
              <th scope="col">{tk.fields.leadDepartment}</th>
              <th scope="col">{tk.fields.state}</th>
              <th scope="col">{tk.fields.createdAt}</th>
              <th scope="col">{tk.fields.deadline}</th>
            </tr>
          </thead>
          <tbody>
            {tickets.map((ticket) => (
              <tr key={ticket.id}>
                <td className="nowrap">
                  <Link to={`/tickets/${ticket.id}`}>{ticket.number}</Link>
                </td>
                <td className="ticket-title-cell">
                  {ticket.title}
                  {ticket.urgency !== "normal" ? <span className={`tag ${ticket.urgency}`}>{tk.urgencies[ticket.urgency]}</span> : null}
                </td>
                <td className="nowrap">{tk.requestTypes[ticket.requestType]}</td>
                <td className="nowrap">{tk.channels[ticket.channel]}</td>
                <td>{ticket.categoryName ?? "—"}</td>
                <td>{ticket.leadDepartmentName ?? "—"}</td>
                <td>
                  <span className={`state-badge ${ticket.stateType}`}>{tk.states[ticket.state]}</span>
                </td>
                <td className="nowrap">{formatDateTime(ticket.createdAt)}</td>
                <td>
                  <Deadline due={ticket.currentDeadline} now={now} paused={ticket.stateType === "paused"} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} pageSize={PAGE_SIZE} total={total} capped={totalCapped} />
    </>
  );
}
