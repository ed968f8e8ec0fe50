import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireAdministrator } from "~/app/admin.server";
import { AdminTabs } from "~/app/components/admin-tabs";
import { Pagination } from "~/app/components/pagination";
import { pageFromUrl } from "~/app/form.server";
import { AUDIT_ACTIONS, type AuditAction, listAuditEntries } from "~/domain/audit";
import { formatDateTime, messages } from "~/app/i18n";
import { FilterSelect } from "~/app/components/filter-select";

const PAGE_SIZE = 50;
const DAY_MS = 86_400_000;

/** A yyyy-mm-dd date from the filter form, taken as midnight in China Standard Time. */
function parseDay(value: string | null): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00+08:00`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdministrator(request, context);
  const url = new URL(request.url);
  const actionParam = url.searchParams.get("action") ?? "";
  const action = (AUDIT_ACTIONS as readonly string[]).includes(actionParam) ? (actionParam as AuditAction) : undefined;
  const text = url.searchParams.get("q")?.trim().slice(0, 50) || undefined;
  const from = parseDay(url.searchParams.get("from"));
  const toDay = parseDay(url.searchParams.get("to"));
  const page = pageFromUrl(url, PAGE_SIZE);
  const result = await listAuditEntries(
    context.services.db,
    { action, text, from, to: toDay ? new Date(toDay.getTime() + DAY_MS) : undefined },
    page,
  );
  return {
    entries: result.rows,
    total: result.total,
    page: page.page,
    filter: {
      action: action ?? "",
      q: text ?? "",
      from: from ? url.searchParams.get("from")! : "",
      to: toDay ? url.searchParams.get("to")! : "",
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
