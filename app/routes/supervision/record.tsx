import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FormError } from "~/app/components/form-error";
import { addresseeText, LevelLabel, ResponseStatus } from "~/app/components/supervision-labels";
import { formText, handleDomainErrors, orNotFound, readForm, routeIntParam } from "~/app/form.server";
import { formatDateTime, messages } from "~/app/i18n";
import { RECORD_VIEWER_ROLES } from "~/app/supervision.server";
import { requireTicketContext } from "~/app/tickets.server";
import stylesheet from "~/app/styles/supervision.css?url";
import { getSupervisionRecord } from "~/domain/supervision/dashboard";
import { RESPONSE_MAX_LENGTH, respondToNotice } from "~/domain/supervision/notices";
import { awaitsResponse, canAnswerRecord } from "~/domain/supervision/record-access";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  {
    title: `${loaded ? messages.supervision.record.title(messages.supervision.levels[loaded.record.level], loaded.record.ticketNumber) : messages.errors.notFoundTitle} · ${messages.appShortName}`,
  },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { db, actor } = requireTicketContext(request, context, RECORD_VIEWER_ROLES);
  const record = await orNotFound(getSupervisionRecord(db, actor, routeIntParam(params.id)));
  return { record, responseMaxLength: RESPONSE_MAX_LENGTH, answerable: awaitsResponse(record) && canAnswerRecord(actor, record), canUseDashboard: actor.roles.some((r) => r === "supervisor" || r === "department_lead") };
}

/**
 * The addressed unit's answer. From the ticket page (`back=ticket`) a successful answer returns
 * there; a refused one shows this page with the message, the form and the text kept.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = requireTicketContext(request, context, RECORD_VIEWER_ROLES);
  const id = routeIntParam(params.id);
  const form = await readForm(request);
  const result = await handleDomainErrors(async () => {
    const record = await respondToNotice(ctx, id, formText(form, "response"));
    throw formText(form, "back") === "ticket"
      ? redirect(`/tickets/${record.ticketId}?supervision=answered#supervision`)
      : redirect(`/supervision/records/${id}?notice=answered`);
  });
  if (result.init?.status === 404) throw new Response("Not Found", { status: 404 });
  return data({ ...result.data, response: formText(form, "response") }, { status: result.init?.status ?? 400 });
}

export default function SupervisionRecordPage() {
  const { record, responseMaxLength, answerable, canUseDashboard } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const t = messages.supervision.record;
  const s = messages.supervision;
  return (
    <>
      <p className="small">
        <Link to={`/tickets/${record.ticketId}`}>{t.backToTicket}</Link>
        {canUseDashboard ? (
          <>
            {" · "}
            <Link to="/supervision?view=records">{t.backToDashboard}</Link>
          </>
        ) : null}
      </p>
      <h1>{t.title(s.levels[record.level], record.ticketNumber)}</h1>
      {params.get("notice") === "answered" && !actionData ? (
        <p className="notice" role="status">
          {t.answered}
        </p>
      ) : null}
      <section className="panel">
        <dl className="facts">
          <dt>{t.ticket}</dt>
          <dd>
            <Link to={`/tickets/${record.ticketId}`}>{record.ticketNumber}</Link> {record.ticketTitle}
          </dd>
          <dt>{t.level}</dt>
          <dd>
            <LevelLabel level={record.level} />
          </dd>
          <dt>{t.stage}</dt>
          <dd>{s.stages[record.kind]}</dd>
          <dt>{t.dueAt}</dt>
          <dd>{formatDateTime(record.dueAt)}</dd>
          <dt>{t.addressee}</dt>
          <dd>{addresseeText(record)}</dd>
          <dt>{t.createdAt}</dt>
          <dd>{formatDateTime(record.createdAt)}</dd>
          <dt>{t.issuedBy}</dt>
          <dd>{record.issuedByName ? s.dashboard.issuedBy(record.issuedByName) : s.dashboard.bySweep}</dd>
          <dt>{t.notice}</dt>
          <dd className="prose">{record.notice}</dd>
          <dt>{t.response}</dt>
          <dd>
            <ResponseStatus record={record} />
          </dd>
        </dl>
        {record.response ? (
          <div className="record-response">
            <p className="prose">{record.response}</p>
            <p className="muted small">{t.respondedAt(formatDateTime(record.respondedAt), record.respondedByName ?? "—")}</p>
          </div>
        ) : (
          <p className="muted">{record.requiresResponse ? t.awaiting : t.notRequired}</p>
        )}
      </section>
      {answerable || actionData ? (
        <section className="panel" aria-labelledby="answer-heading">
          <h2 id="answer-heading">{t.answerTitle}</h2>
          <Form method="post" className="form-stack">
            <label>
              {t.answerLabel}
              <textarea name="response" required minLength={5} maxLength={responseMaxLength} rows={6} defaultValue={actionData?.response ?? ""} aria-describedby="answer-hint" />
              <span id="answer-hint" className="muted small">
                {t.answerHint}
              </span>
            </label>
            <FormError error={actionData?.error} />
            <div>
              <button type="submit" className="button primary" disabled={busy}>
                {t.submit}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}
