import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { IssueNoticeForm } from "~/app/components/ticket-supervision-panel";
import { formText, handleDomainErrors, orNotFound, readForm, routeIntParam } from "~/app/form.server";
import { messages } from "~/app/i18n";
import { ticketSupervisionPanel } from "~/app/supervision.server";
import { requireTicketContext } from "~/app/tickets.server";
import stylesheet from "~/app/styles/supervision.css?url";
import { issueNotice, type MANUAL_NOTICE_LEVELS } from "~/domain/supervision/notices";
import { getTicketDetail } from "~/domain/tickets/queries";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded ? messages.supervision.ticketPanel.pageTitle(loaded.ticket.number) : messages.errors.notFoundTitle} · ${messages.appShortName}` },
];

const SUPERVISORS = ["supervisor"] as const;

/**
 * Issuing a notice by hand. The ticket page carries the same form and posts here; this page is
 * where a refused notice comes back with its message (and works on its own without scripts).
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { db, actor } = requireTicketContext(request, context, SUPERVISORS);
  const { ticket } = await orNotFound(getTicketDetail(db, actor, routeIntParam(params.id)));
  const panel = await ticketSupervisionPanel(db, actor, ticket);
  return { ticket: { id: ticket.id, number: ticket.number, title: ticket.title }, canIssue: panel.canIssue, levels: panel.levels, limits: panel.limits };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = requireTicketContext(request, context, SUPERVISORS);
  const ticketId = routeIntParam(params.id);
  const form = await readForm(request);
  const values = { level: formText(form, "level"), notice: formText(form, "notice"), requiresResponse: form.get("requiresResponse") === "on" };
  const result = await handleDomainErrors(async () => {
    await issueNotice(ctx, { ticketId, ...values, level: values.level as (typeof MANUAL_NOTICE_LEVELS)[number] });
    throw redirect(`/tickets/${ticketId}?supervision=issued#supervision`);
  });
  if (result.init?.status === 404) throw new Response("Not Found", { status: 404 });
  return data({ ...result.data, values }, { status: result.init?.status ?? 400 });
}

export default function IssueNoticePage() {
  const { ticket, canIssue, levels, limits } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = messages.supervision.ticketPanel;
  return (
    <>
      <p className="small">
        <Link to={`/tickets/${ticket.id}`}>{messages.supervision.record.backToTicket}</Link>
      </p>
      <h1>{t.pageTitle(ticket.number)}</h1>
      <p className="lead">{ticket.title}</p>
      <section className="panel">
        {canIssue ? (
          <IssueNoticeForm ticketId={ticket.id} levels={levels} noticeMaxLength={limits.notice} error={actionData?.error ?? null} values={actionData?.values} />
        ) : (
          <p className="muted">{t.closedNote}</p>
        )}
      </section>
    </>
  );
}
