import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/app/auth.server";
import { FormError } from "~/app/components/form-error";
import { Pagination } from "~/app/components/pagination";
import { DismissFields, levelText } from "~/app/components/ticket-rating-panel";
import { formOptionalId, formText, handleDomainErrors, pageFromUrl, readForm } from "~/app/form.server";
import { formatDateTime, messages } from "~/app/i18n";
import { moduleByKey } from "~/app/navigation";
import { requireTicketContext } from "~/app/tickets.server";
import ratingsStylesheet from "~/app/styles/ratings.css?url";
import type { DismissReason } from "~/db/schema";
import { DomainError } from "~/domain/errors";
import { listPendingVerifications, VERIFICATIONS_PAGE_SIZE } from "~/domain/ratings/queries";
import { dismissRating, upholdRating } from "~/domain/ratings/verification";

const t = messages.ratings.verifications;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: ratingsStylesheet }];
export const meta: MetaFunction = () => [{ title: `${t.title} · ${messages.appShortName}` }];

const roles = () => moduleByKey("verifications").roles;

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(request, context, roles());
  const { page } = pageFromUrl(new URL(request.url), VERIFICATIONS_PAGE_SIZE);
  return { ...(await listPendingVerifications(context.services.db, page)), page, pageSize: VERIFICATIONS_PAGE_SIZE };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = requireTicketContext(request, context, roles());
  const form = await readForm(request);
  const intent = formText(form, "intent");
  const ticketIdText = formText(form, "ticketId");
  const back = (notice: string) => {
    const url = new URL(request.url);
    url.searchParams.set("notice", notice);
    return redirect(`${url.pathname}?${url.searchParams}`);
  };
  const result = await handleDomainErrors(async () => {
    const ticketId = formOptionalId(form, "ticketId");
    if (ticketId === null) throw new DomainError("ticket_not_found", 404);
    switch (intent) {
      case "uphold": {
        const note = formText(form, "note");
        if (note.length > 1000) throw new DomainError("note_too_long", 400, {}, "note");
        await upholdRating(ctx, ticketId, note || null);
        throw back("upheld");
      }
      case "dismiss":
        await dismissRating(ctx, ticketId, { reason: formText(form, "reason") as DismissReason, note: formText(form, "note") });
        throw back("dismissed");
      default:
        throw new DomainError("invalid_input", 400, {}, "intent");
    }
  });
  if (!("init" in result)) return result;
  return data({ error: result.data.error, intent, ticketId: ticketIdText }, { status: result.init?.status ?? 400 });
}

export default function VerificationQueue() {
  const { rows, total, page, pageSize } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const error = actionData && "error" in actionData ? actionData : null;
  const notice = !error ? t.notices[params.get("notice") ?? ""] : undefined;
  const words = messages.ratings;
  return (
    <>
      <p className="small">
        <Link to="/supervision">{messages.nav.supervision}</Link>
      </p>
      <h1>{t.title}</h1>
      <p className="lead">{t.intro}</p>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {error && !rows.some((r) => String(r.ticketId) === error.ticketId) ? <FormError error={error.error} /> : null}
      <p>
        <strong>{t.count(total)}</strong>
      </p>
      {rows.length === 0 ? (
        <div className="empty-state">{t.empty}</div>
      ) : (
        <table className="data-table verification-work">
          <thead>
            <tr>
              <th>{t.columns.ticket}</th>
              <th>{t.columns.rating}</th>
              <th>{t.columns.reply}</th>
              <th>{t.columns.department}</th>
              <th>{t.columns.actions}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const rowError = error && error.ticketId === String(r.ticketId) ? error : null;
              return (
                <tr key={r.id} data-testid={`verification-${r.number}`}>
                  <td>
                    <Link to={`/tickets/${r.ticketId}`}>{r.number}</Link>
                    <div className="small">{r.title}</div>
                    <div className="muted small">{words.roundLabel(r.round)}</div>
                  </td>
                  <td>
                    <span className="level-bad">{levelText(r.level)}</span>
                    <div className="muted small">{t.ratedVia(words.channels[r.channel], formatDateTime(r.ratedAt))}</div>
                    {r.comment ? <p className="small prose m-0">{r.comment}</p> : null}
                  </td>
                  <td>
                    <div className="reply-excerpt small">{r.reply ?? "—"}</div>
                    <div className="muted small">{formatDateTime(r.repliedAt)}</div>
                  </td>
                  <td>{r.departmentName ?? "—"}</td>
                  <td>
                    <Form method="post" aria-label={`${t.upholdTitle} ${r.number}`}>
                      <input type="hidden" name="intent" value="uphold" />
                      <input type="hidden" name="ticketId" value={r.ticketId} />
                      <div className="form-stack">
                        <label>
                          {t.upholdNote}
                          <textarea name="note" maxLength={1000} rows={2} />
                        </label>
                        <FormError error={rowError?.intent === "uphold" ? rowError.error : null} />
                        <div>
                          <button type="submit" className="button primary" disabled={busy}>
                            {t.upholdSubmit}
                          </button>
                        </div>
                      </div>
                    </Form>
                    <details open={rowError?.intent === "dismiss"}>
                      <summary>{t.dismissTitle}</summary>
                      <Form method="post" aria-label={`${t.dismissTitle} ${r.number}`}>
                        <input type="hidden" name="intent" value="dismiss" />
                        <input type="hidden" name="ticketId" value={r.ticketId} />
                        <div className="form-stack">
                          <DismissFields idPrefix={`dismiss-${r.id}`} />
                          <FormError error={rowError?.intent === "dismiss" ? rowError.error : null} />
                          <div>
                            <button type="submit" className="button danger" disabled={busy}>
                              {t.dismissSubmit}
                            </button>
                          </div>
                        </div>
                      </Form>
                    </details>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </>
  );
}
