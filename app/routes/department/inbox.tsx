import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Deadline } from "~/app/components/deadline";
import { Pagination } from "~/app/components/pagination";
import { pageFromUrl } from "~/app/form.server";
import { formatDateTime, messages } from "~/app/i18n";
import { moduleByKey } from "~/app/navigation";
import { requireTicketContext, ticketListRow } from "~/app/tickets.server";
import { worklistDepartment } from "~/domain/tickets/access";
import stylesheet from "~/app/styles/tickets.css?url";
import { countedInboxTabs, INBOX_TABS, type InboxTab, inboxTabQuery } from "~/domain/tickets/inbox-tabs";
import { cappedTotal, countWorklist, listTicketRows, listTickets } from "~/domain/tickets/queries";

const PAGE_SIZE = 25;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = () => [{ title: `${messages.worklist.inbox.title} · ${messages.appShortName}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db, clock, actor, user } = requireTicketContext(request, context, moduleByKey("department").roles);
  const url = new URL(request.url);
  const tabParam = url.searchParams.get("tab");
  const tab: InboxTab = (INBOX_TABS as readonly string[]).includes(tabParam ?? "") ? (tabParam as InboxTab) : "pending";
  const page = pageFromUrl(url, PAGE_SIZE);
  const now = clock.now();
  const { filter, sort } = inboxTabQuery(tab, now);
  // Full-text search (number, title, description, address) within what the department may see.
  const q = url.searchParams.get("q")?.trim().slice(0, 100) ?? "";
  const text = q || undefined;
  // The tab labels count the unit's worklist (not the search, which shows its own total), in
  // one query over the worklist index. 全部 has none: it is every ticket the unit ever had.
  // Unsearched, a counted tab lists exactly the worklist entries its label counts, so that count
  // is the list's total too and is not made twice.
  const countedTab = tab !== "all" && !text && worklistDepartment(actor, filter.states) !== null ? tab : null;
  const counting = countWorklist(db, actor, countedInboxTabs(now));
  const [result, counts] = await Promise.all([
    countedTab
      ? Promise.all([listTicketRows(db, actor, filter, page, sort), counting]).then(([rows, tabCounts]) => ({ rows, ...cappedTotal(tabCounts[countedTab]) }))
      : listTickets(db, actor, { ...filter, text }, page, sort),
    counting,
  ]);
  return {
    tab,
    q,
    counts: counts as Partial<Record<InboxTab, number>>,
    tickets: result.rows.map(ticketListRow),
    total: result.total,
    totalCapped: result.totalCapped,
    page: page.page,
    now,
    departmentId: user.departmentId,
  };
}

export default function DepartmentInboxPage() {
  const { tab, q, counts, tickets, total, totalCapped, page, now, departmentId } = useLoaderData<typeof loader>();
  const ts = messages.knowledge.pages.ticketSearch;
  const search = q ? `q=${encodeURIComponent(q)}` : "";
  const t = messages.worklist.inbox;
  const tk = messages.tickets;
  return (
    <>
      <h1>{t.title}</h1>
      {departmentId === null ? (
        <p className="form-error" role="alert">
          {t.noDepartment}
        </p>
      ) : null}
      <nav className="tabs" aria-label={t.tabsLabel}>
        {INBOX_TABS.map((key) => (
          <Link key={key} to={key === "pending" ? `/department${search ? `?${search}` : ""}` : `/department?tab=${key}${search ? `&${search}` : ""}`} className={key === tab ? "active" : undefined} aria-current={key === tab ? "page" : undefined}>
            {t.tabs[key]}
            {counts[key] === undefined ? null : <span className="count">{counts[key]}</span>}
          </Link>
        ))}
      </nav>
      <Form method="get" className="filters" role="search" aria-label={ts.label}>
        <input type="hidden" name="tab" value={tab} />
        <label>
          {ts.label}
          <input type="search" name="q" defaultValue={q} maxLength={100} placeholder={ts.placeholder} />
        </label>
        <button type="submit" className="button">
          {ts.search}
        </button>
      </Form>
      <div className="toolbar tab-hint">
        <p className="muted small">{t.tabHints[tab]}</p>
        <a className="button" href="/tickets/export.csv" download title={t.exportHint}>
          {t.export}
        </a>
      </div>
      {tickets.length === 0 ? (
        <div className="empty-state">{t.empty[tab]}</div>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{tk.fields.number}</th>
              <th scope="col">{tk.fields.title}</th>
              <th scope="col">{tk.fields.requestType}</th>
              <th scope="col">{t.role}</th>
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
                  {ticket.categoryName ? <span className="muted">{ticket.categoryName}</span> : null}
                </td>
                <td className="nowrap">{tk.requestTypes[ticket.requestType]}</td>
                <td className="nowrap">{ticket.leadDepartmentId === departmentId ? t.lead : t.co}</td>
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
