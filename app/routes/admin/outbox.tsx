import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { adminCommandContext, requireAdministrator } from "~/app/admin.server";
import { formNumber, runAdminDataAction } from "~/app/admin-data.server";
import { AdminTabs } from "~/app/components/admin-tabs";
import { Notice, useFormErrorFor } from "~/app/components/admin-data";
import { FormError } from "~/app/components/form-error";
import { Pagination } from "~/app/components/pagination";
import { pageFromUrl, readForm } from "~/app/form.server";
import { formatDateTime, messages } from "~/app/i18n";
import stylesheet from "~/app/styles/admin-data.css?url";
import { countPendingOutbox, DEAD_LETTERS_PAGE_SIZE, listDeadLetters, retryDeadLetter } from "~/domain/outbox";
import { maskPhone } from "~/domain/privacy";

/** An administrator debugging delivery needs the message, not the citizen's full number. */
function maskedPayload(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).map(([key, value]) => [key, typeof value === "string" && (key === "to" || /phone/i.test(key)) ? maskPhone(value) : value]));
}

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdministrator(request, context);
  const { page } = pageFromUrl(new URL(request.url), DEAD_LETTERS_PAGE_SIZE);
  const { db } = context.services;
  const [dead, pending] = await Promise.all([listDeadLetters(db, page), countPendingOutbox(db)]);
  return { rows: dead.rows.map((row) => ({ ...row, payload: maskedPayload(row.payload) })), total: dead.total, page, pageSize: DEAD_LETTERS_PAGE_SIZE, pending };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = adminCommandContext(request, context);
  const form = await readForm(request);
  // Back to the same page of the list, which now has one row fewer.
  const url = new URL(request.url);
  return runAdminDataAction(form, `${url.pathname}${url.search}`, async (intent) => {
    if (intent !== "retry") return null;
    await retryDeadLetter(ctx, formNumber(form, "id"));
    return "retried";
  });
}

export default function OutboxPage() {
  const { rows, total, page, pageSize, pending } = useLoaderData<typeof loader>();
  const errorFor = useFormErrorFor();
  const busy = useNavigation().state !== "idle";
  const location = useLocation();
  const t = messages.supervision.admin.outbox;
  return (
    <>
      <h1>{t.title}</h1>
      <AdminTabs />
      <Notice messages={{ retried: t.retried }} />
      <p className="intro">{t.intro}</p>
      <p>
        <strong>{t.pending(pending)}</strong>
      </p>
      <h2>{t.deadTitle}</h2>
      {rows.length === 0 ? (
        <div className="empty-state">{t.empty}</div>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t.id}</th>
              <th scope="col">{t.topic}</th>
              <th scope="col">{t.payload}</th>
              <th scope="col">{t.attempts}</th>
              <th scope="col">{t.lastError}</th>
              <th scope="col">{t.deadAt}</th>
              <th scope="col">{messages.common.actions}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} id={`outbox-${row.id}`}>
                <td>{row.id}</td>
                <td>
                  {t.topics[row.topic] ?? row.topic}
                  <code className="muted small block">
                    {row.topic}
                  </code>
                </td>
                <td>
                  <code className="small wrap-anywhere">
                    {JSON.stringify(row.payload)}
                  </code>
                </td>
                <td>{row.attempts}</td>
                <td className="small wrap-anywhere">
                  {row.lastError ?? "—"}
                </td>
                <td className="nowrap">{formatDateTime(row.deadAt)}</td>
                <td>
                  <Form method="post" action={`${location.pathname}${location.search}`}>
                    <input type="hidden" name="intent" value="retry" />
                    <input type="hidden" name="id" value={row.id} />
                    <button type="submit" className="button" disabled={busy}>
                      {t.retry}
                    </button>
                  </Form>
                  <FormError error={errorFor("retry", row.id)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </>
  );
}
