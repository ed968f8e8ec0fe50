import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireAdministrator } from "~/app/admin.server";
import { AdminTabs } from "~/app/components/admin-tabs";
import { Pagination } from "~/app/components/pagination";
import { pageFromUrl } from "~/app/form.server";
import { AUDIT_ACTIONS, type AuditAction, listAuditEntries } from "~/domain/audit";
import { formatDateTime, messages } from "~/app/i18n";
import { FilterSelect } from "~/app/components/filter-select";
import { dayRange, oneOf } from "~/app/query-params.server";

const PAGE_SIZE = 50;
export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdministrator(request, context);
  const url = new URL(request.url);
  const actionParam = url.searchParams.get("action") ?? "";
  const action = oneOf<AuditAction>(AUDIT_ACTIONS, actionParam);
  const text = url.searchParams.get("q")?.trim().slice(0, 50) || undefined;
  const days = dayRange(url.searchParams.get("from"), url.searchParams.get("to"));
  const page = pageFromUrl(url, PAGE_SIZE);
  const result = await listAuditEntries(
    context.services.db,
    { action, text, from: days.from, to: days.toExclusive },
    page,
  );
  return {
    entries: result.rows,
    total: result.total,
    page: page.page,
    filter: {
      action: action ?? "",
      q: text ?? "",
      from: days.fromText,
      to: days.toText,
    },
  };
}

export default function AuditPage() {
  const { entries, total, page, filter } = useLoaderData<typeof loader>();
  const t = messages.audit;
  return (
    <>
      <h1>{t.title}</h1>
      <AdminTabs />
      <p className="muted small">{t.appendOnlyNote}</p>
      <Form method="get" className="filters" role="search">
        <FilterSelect name="action" label={t.action} value={filter.action} options={AUDIT_ACTIONS} labels={t.actions} />
        <label>
          {t.text}
          <input type="search" name="q" defaultValue={filter.q} maxLength={50} />
        </label>
        <label>
          {t.from}
          <input type="date" name="from" defaultValue={filter.from} />
        </label>
        <label>
          {t.to}
          <input type="date" name="to" defaultValue={filter.to} />
        </label>
        <button type="submit" className="button">
          {messages.common.search}
        </button>
      </Form>
      {entries.length === 0 ? (
        <div className="empty-state">{t.empty}</div>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t.at}</th>
              <th scope="col">{t.action}</th>
              <th scope="col">{t.actor}</th>
              <th scope="col">{t.target}</th>
              <th scope="col">{t.ip}</th>
              <th scope="col">{t.detail}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td className="nowrap">{formatDateTime(e.at)}</td>
                <td>{t.actions[e.action as AuditAction] ?? e.action}</td>
                <td>{e.actorLabel ?? "—"}</td>
                <td>{e.targetLabel ?? "—"}</td>
                <td>{e.ip ?? "—"}</td>
                <td>
                  <code className="detail">{e.detail ? JSON.stringify(e.detail) : ""}</code>
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
