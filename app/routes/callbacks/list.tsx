import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/app/auth.server";
import { FormError } from "~/app/components/form-error";
import { Pagination } from "~/app/components/pagination";
import { LevelField, ResolvedField } from "~/app/components/ticket-rating-panel";
import { formOptionalId, formText, handleDomainErrors, pageFromUrl, readForm } from "~/app/form.server";
import { formatDateTime, messages } from "~/app/i18n";
import { moduleByKey } from "~/app/navigation";
import { formLevel, formResolved } from "~/app/ratings.server";
import { requireTicketContext } from "~/app/tickets.server";
import ratingsStylesheet from "~/app/styles/ratings.css?url";
import { DomainError } from "~/domain/errors";
import { CALLBACKS_PAGE_SIZE, listOpenCallbacks, recordCallbackAttempt } from "~/domain/ratings/callbacks";
import { callbackTaskTicketId } from "~/domain/ratings/queries";
import { rateTicket } from "~/domain/ratings/rate";
import { revealCitizenContact } from "~/domain/tickets/queries";

const t = messages.ratings.callbacks;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: ratingsStylesheet }];
export const meta: MetaFunction = () => [{ title: `${t.title} · ${messages.appShortName}` }];

const roles = () => moduleByKey("callbacks").roles;

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(request, context, roles());
  const { db, clock } = context.services;
  const { page } = pageFromUrl(new URL(request.url), CALLBACKS_PAGE_SIZE);
  const now = clock.now();
  const list = await listOpenCallbacks(db, now, page);
  return { ...list, page, pageSize: CALLBACKS_PAGE_SIZE, now };
}

function requireTaskId(form: FormData): number {
  const id = formOptionalId(form, "taskId");
  if (id === null) throw new DomainError("callback_not_found", 404);
  return id;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = requireTicketContext(request, context, roles());
  const form = await readForm(request);
  const intent = formText(form, "intent");
  const taskId = formText(form, "taskId");
  const back = (notice: string) => {
    const url = new URL(request.url);
    url.searchParams.set("notice", notice);
    return redirect(`${url.pathname}?${url.searchParams}`);
  };
  const result = await handleDomainErrors(async () => {
    const id = requireTaskId(form);
    switch (intent) {
      case "rate": {
        const comment = formText(form, "comment");
        if (comment.length > 1000) throw new DomainError("comment_too_long", 400, {}, "comment");
        await rateTicket(ctx, await callbackTaskTicketId(ctx.db, id, { open: true }), { level: formLevel(form), resolved: formResolved(form), comment: comment || null, channel: "callback" });
        throw back("rated");
      }
      case "attempt": {
        const outcome = formText(form, "outcome");
        const note = formText(form, "note");
        if (note.length > 500) throw new DomainError("note_too_long", 400, {}, "note");
        await recordCallbackAttempt(ctx, id, { outcome: outcome as "unreached" | "refused", note: note || null });
        throw back(outcome);
      }
      case "reveal": {
        // Audited by the domain; the full number is shown in this response only.
        const contact = await revealCitizenContact(ctx.db, ctx.clock, ctx.actor, await callbackTaskTicketId(ctx.db, id));
        return { revealed: { taskId: String(id), phone: contact.citizenPhone ?? "—" } };
      }
      default:
        throw new DomainError("invalid_input", 400, {}, "intent");
    }
  });
  if (!("init" in result)) return result;
  return data({ error: result.data.error, intent, taskId }, { status: result.init?.status ?? 400 });
}

export default function CallbackList() {
  const { rows, total, due, page, pageSize } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const error = actionData && "error" in actionData ? actionData : null;
  const revealed = actionData && "revealed" in actionData ? actionData.revealed : null;
  const notice = !error ? t.notices[params.get("notice") ?? ""] : undefined;
  const words = messages.ratings;
  return (
    <>
      <h1>{t.title}</h1>
      <p className="lead">{t.intro}</p>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {error && !rows.some((r) => String(r.task.id) === error.taskId) ? <FormError error={error.error} /> : null}
      <p data-testid="callback-summary">
        <strong>{t.summary(total, due)}</strong>
      </p>
      {rows.length === 0 ? (
        <div className="empty-state">{t.empty}</div>
      ) : (
        <table className="data-table callback-work">
          <thead>
            <tr>
              <th>{t.columns.due}</th>
              <th>{t.columns.ticket}</th>
              <th>{t.columns.citizen}</th>
              <th>{t.columns.reply}</th>
              <th>{t.columns.attempts}</th>
              <th>{t.columns.actions}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const id = String(r.task.id);
              const rowError = error && error.taskId === id ? error : null;
              return (
                <tr key={id} className={r.overdue ? "overdue" : undefined} data-testid={`callback-${r.number}`}>
                  <td>
                    {formatDateTime(r.task.dueAt)}
                    {r.overdue ? <div className="overdue-tag small">{t.overdue}</div> : null}
                  </td>
                  <td>
                    <Link to={`/tickets/${r.task.ticketId}`}>{r.number}</Link>
                    <div className="small">{r.title}</div>
                    {r.round > 0 ? <div className="muted small">{words.roundLabel(r.round)}</div> : null}
                  </td>
                  <td>
                    <div>{r.citizenName ?? "—"}</div>
                    <div>{revealed && revealed.taskId === id ? t.revealed(revealed.phone) : (r.citizenPhone ?? "—")}</div>
                    {r.citizenPhone && !(revealed && revealed.taskId === id) ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="reveal" />
                        <input type="hidden" name="taskId" value={id} />
                        <button type="submit" className="button link small" disabled={busy} title={t.revealHint}>
                          {t.reveal}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                  <td>
                    <div className="reply-excerpt small">{r.reply ?? "—"}</div>
                    <div className="muted small">{formatDateTime(r.repliedAt)}</div>
                  </td>
                  <td>
                    {t.attempts(r.task.attempts)}
                    {r.task.status === "unreached" ? <div className="muted small">{words.callbackStatuses.unreached}</div> : null}
                  </td>
                  <td>
                    <details open={rowError?.intent === "rate"}>
                      <summary>{t.rateTitle}</summary>
                      <Form method="post" aria-label={`${t.rateTitle} ${r.number}`}>
                        <input type="hidden" name="intent" value="rate" />
                        <input type="hidden" name="taskId" value={id} />
                        <div className="form-stack">
                          <LevelField />
                          <ResolvedField />
                          <label>
                            {words.fields.comment}
                            <textarea name="comment" maxLength={1000} rows={2} />
                          </label>
                          <FormError error={rowError?.intent === "rate" ? rowError.error : null} />
                          <div>
                            <button type="submit" className="button primary" disabled={busy}>
                              {t.rateSubmit}
                            </button>
                          </div>
                        </div>
                      </Form>
                    </details>
                    <details open={rowError?.intent === "attempt"}>
                      <summary>{t.attemptTitle}</summary>
                      <Form method="post" aria-label={`${t.attemptTitle} ${r.number}`}>
                        <input type="hidden" name="intent" value="attempt" />
                        <input type="hidden" name="taskId" value={id} />
                        <div className="form-stack">
                          <label>
                            {t.attemptNote}
                            <input name="note" maxLength={500} />
                          </label>
                          <FormError error={rowError?.intent === "attempt" ? rowError.error : null} />
                          <div className="form-inline">
                            <button type="submit" name="outcome" value="unreached" className="button" disabled={busy}>
                              {t.unreached}
                            </button>
                            <button type="submit" name="outcome" value="refused" className="button" disabled={busy}>
                              {t.refused}
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
