import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, type ShouldRevalidateFunction, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { Deadline } from "~/app/components/deadline";
import { KbSearchPanel, kbSearchPanelStylesheet } from "~/app/components/kb-search-panel";
import { FormError } from "~/app/components/form-error";
import { TicketSupervisionPanel } from "~/app/components/ticket-supervision-panel";
import { RatingActionForms, TicketRatingHistory } from "~/app/components/ticket-rating-panel";
import { isRatingIntent, runRatingIntent, ticketRatingPanel } from "~/app/ratings.server";
import ratingsStylesheet from "~/app/styles/ratings.css?url";
import { formText, handleDomainErrors, orNotFound, readForm, routeIntParam } from "~/app/form.server";
import { formatDateTime, messages } from "~/app/i18n";
import { ticketSupervisionPanel } from "~/app/supervision.server";
import { requireTicketContext, TICKET_STAFF_ROLES } from "~/app/tickets.server";
import supervisionStylesheet from "~/app/styles/supervision.css?url";
import stylesheet from "~/app/styles/tickets.css?url";
import { listDepartments } from "~/domain/departments";
import { DomainError } from "~/domain/errors";
import { getSetting } from "~/domain/settings";
import { isStaffRole } from "~/domain/staff/roles";
import { DEPARTMENT_TICKET_ROLES } from "~/domain/tickets/access";
import {
  approveExtension,
  archiveTicket,
  DEFAULT_SUSPEND_REASONS,
  refuseExtension,
  replyTicket,
  requestExtension,
  resumeTicket,
  returnTicket,
  signTicket,
  startTicket,
  SUSPEND_REASONS_SETTING,
  suspendTicket,
  withdrawTicket,
} from "~/domain/tickets/actions";
import { getTicketDetail, revealCitizenContact } from "~/domain/tickets/queries";
import { TICKET_ACTIONS, type TicketAction, type TicketState } from "~/domain/tickets/states";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "stylesheet", href: kbSearchPanelStylesheet },
  { rel: "stylesheet", href: supervisionStylesheet },
  { rel: "stylesheet", href: ratingsStylesheet },
];
export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded ? messages.worklist.detail.title(loaded.ticket.number) : messages.errors.notFoundTitle} · ${messages.appShortName}` },
];

/** The actions this page performs; dispatch, keep and merge belong to the dispatch desk. */
const PAGE_ACTIONS = [
  "sign",
  "start",
  "reply",
  "return",
  "request_extension",
  "approve_extension",
  "refuse_extension",
  "suspend",
  "resume",
  "withdraw",
  "archive",
] as const satisfies readonly TicketAction[];
type PageAction = (typeof PAGE_ACTIONS)[number];
const DISPATCH_DESK_ACTIONS: readonly TicketAction[] = ["dispatch", "keep", "merge"];

const isPageAction = (value: string): value is PageAction => (PAGE_ACTIONS as readonly string[]).includes(value);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { db, clock, actor, user } = requireTicketContext(request, context, TICKET_STAFF_ROLES);
  const id = routeIntParam(params.id);
  const detail = await orNotFound(getTicketDetail(db, actor, id));
  const [suspendReasons, departments, supervision, ratingLoop] = await Promise.all([
    detail.allowedActions.includes("suspend") ? getSetting(db, SUSPEND_REASONS_SETTING, z.array(z.string()), DEFAULT_SUSPEND_REASONS) : Promise.resolve([]),
    listDepartments(db),
    ticketSupervisionPanel(db, actor, detail.ticket),
    ticketRatingPanel(db, actor, detail.ticket, detail.allowedActions),
  ]);
  return {
    ...detail,
    supervision,
    ratingLoop,
    now: clock.now(),
    suspendReasons,
    /** For the timeline: department ids recorded in event data. */
    departmentNames: Object.fromEntries(departments.map((d) => [d.id, d.name])) as Record<number, string>,
    backTo: user.roles.some((r) => DEPARTMENT_TICKET_ROLES.includes(r)) ? ("department" as const) : ("list" as const),
  };
}

function requireLength(value: string, max: number, code: string, field: string) {
  if (value.length > max) throw new DomainError(code, 400, {}, field);
  return value;
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = requireTicketContext(request, context, TICKET_STAFF_ROLES);
  const id = routeIntParam(params.id);
  const form = await readForm(request);
  const intent = formText(form, "intent");
  const back = (notice: PageAction) => redirect(`/tickets/${id}?notice=${notice}`);
  const result = await handleDomainErrors(async () => {
    switch (intent) {
      case "reveal":
        // Audited by the domain; the full values are shown in this response only.
        return { revealed: await revealCitizenContact(ctx.db, ctx.clock, ctx.actor, id) };
      case "sign":
        await signTicket(ctx, id);
        throw back(intent);
      case "start":
        await startTicket(ctx, id);
        throw back(intent);
      case "reply":
        await replyTicket(ctx, id, formText(form, "reply"));
        throw back(intent);
      case "return":
        await returnTicket(ctx, id, formText(form, "reason"));
        throw back(intent);
      case "request_extension": {
        const days = formText(form, "workingDays");
        await requestExtension(ctx, id, { workingDays: days === "" ? Number.NaN : Number(days), reason: formText(form, "reason") });
        throw back(intent);
      }
      case "approve_extension":
        await approveExtension(ctx, id, requireLength(formText(form, "note"), 1000, "reason_too_long", "note") || null);
        throw back(intent);
      case "refuse_extension":
        await refuseExtension(ctx, id, formText(form, "reason"));
        throw back(intent);
      case "suspend":
        await suspendTicket(ctx, id, { reason: formText(form, "reason"), note: requireLength(formText(form, "note"), 1000, "reason_too_long", "note") || null });
        throw back(intent);
      case "resume":
        await resumeTicket(ctx, id);
        throw back(intent);
      case "withdraw":
        await withdrawTicket(ctx, id, formText(form, "reason"));
        throw back(intent);
      case "archive":
        await archiveTicket(ctx, id);
        throw back(intent);
      default:
        if (isRatingIntent(intent)) return runRatingIntent(ctx, id, intent, form);
        throw new DomainError("invalid_input", 400, {}, "intent");
    }
  });
  if (!("init" in result)) return result;
  // A 409 (someone else acted first, or the page was stale): say which state the ticket is in now.
  const status = result.init?.status ?? 400;
  const current = status === 409 ? await getTicketDetail(ctx.db, ctx.actor, id).catch(() => null) : null;
  return data({ error: result.data.error, intent, currentState: current?.ticket.state ?? null }, { status });
}

/** After a refused action the page reloads its data, so it shows the ticket as it is now. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 ? true : defaultShouldRevalidate;

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type EventRow = LoaderData["events"][number];

function formatHours(minutes: number): string {
  return (Math.round((minutes / 60) * 10) / 10).toString();
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The facts recorded with an event, in words (unknown keys are left out). */
function eventDetails(event: EventRow, departmentNames: Record<number, string>): string[] {
  const t = messages.worklist.detail.eventData;
  const d: Record<string, unknown> = (event.data as Record<string, unknown> | null) ?? {};
  const name = (value: unknown) => (typeof value === "number" ? (departmentNames[value] ?? `#${value}`) : null);
  const out: string[] = [];
  if (event.action === "dispatch" || event.action === "keep") {
    const lead = name(d.leadDepartmentId);
    if (lead) out.push(t.leadDepartment(lead));
    if (Array.isArray(d.coDepartmentIds) && d.coDepartmentIds.length) out.push(t.coDepartments(d.coDepartmentIds.map(name).filter(Boolean).join("、")));
    const suggested = name(d.suggestedDepartmentId);
    if (d.overridden === true && suggested) out.push(t.overridden(suggested));
    if (d.redispatch === true) out.push(t.redispatch);
  }
  if (event.action === "return") {
    const dept = name(d.departmentId);
    if (dept) out.push(t.returnedBy(dept));
  }
  if (typeof d.workingDays === "number") out.push(t.workingDays(d.workingDays));
  if (typeof d.previousDueAt === "string") out.push(t.previousDue(formatDateTime(d.previousDueAt)));
  if (typeof d.note === "string" && d.note) out.push(t.note(d.note));
  if (typeof d.remainingWorkingMinutes === "number") out.push(t.remaining(formatHours(d.remainingWorkingMinutes)));
  if (typeof d.pausedSince === "string") out.push(t.pausedSince(formatDateTime(d.pausedSince)));
  if (typeof d.intoTicketNumber === "string") out.push(t.mergedInto(d.intoTicketNumber));
  if (typeof d.mergedTicketNumber === "string") out.push(t.absorbed(d.mergedTicketNumber));
  if (event.action === "rate" && typeof d.level === "number") out.push(`${messages.ratings.fields.level}：${messages.ratings.levels[d.level] ?? d.level}`);
  if (event.action === "dismiss_rating" && typeof d.dismissReason === "string") {
    out.push(`${messages.ratings.fields.reason}：${(messages.ratings.dismissReasons as Record<string, string>)[d.dismissReason] ?? d.dismissReason}`);
  }
  if (event.action === "uphold_rating" && typeof d.rectificationDueAt === "string") out.push(`${messages.ratings.panel.rectificationDue}：${formatDateTime(d.rectificationDueAt)}`);
  return out;
}

function eventLabel(action: string): string {
  return (messages.tickets.events as Record<string, string>)[action] ?? action;
}

function stateLabel(state: string | null): string {
  return state ? ((messages.tickets.states as Record<string, string>)[state] ?? state) : "—";
}

export default function TicketDetailPage() {
  const loaded = useLoaderData<typeof loader>();
  const { ticket, assignments, events, attachments, extensions, pendingExtension, mergedInto, allowedActions, canRevealContact, now, suspendReasons, departmentNames, backTo } =
    loaded;
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const t = messages.worklist.detail;
  const tk = messages.tickets;
  const f = tk.fields;

  const error = actionData && "error" in actionData ? actionData.error : null;
  const failedIntent = actionData && "intent" in actionData ? actionData.intent : null;
  const currentState = actionData && "currentState" in actionData ? (actionData.currentState as TicketState | null) : null;
  const revealed = actionData && "revealed" in actionData ? actionData.revealed : null;
  const noticeKey = searchParams.get("notice") ?? "";
  const notice = !actionData && isPageAction(noticeKey) ? t.notices[noticeKey] : null;

  const lead = assignments.filter((a) => a.role === "lead");
  const co = assignments.filter((a) => a.role === "co");
  const pageActions = TICKET_ACTIONS.filter((a): a is PageAction => isPageAction(a) && allowedActions.includes(a)).filter((a) => {
    if (a === "approve_extension" || a === "refuse_extension") return pendingExtension !== null;
    if (a === "request_extension") return pendingExtension === null;
    return true;
  });
  const dispatchDesk = allowedActions.some((a) => DISPATCH_DESK_ACTIONS.includes(a));
  // An input error is shown in the form it came from (still on the page); anything else on top.
  const ratingLoop = loaded.ratingLoop;
  const errorInForm =
    error !== null && currentState === null && (pageActions.some((a) => a === failedIntent) || ratingLoop.actions.some((a) => a === failedIntent));
  const paused = ticket.stateType === "paused";

  return (
    <>
      <p className="small">
        {backTo === "department" ? <Link to="/department">{t.backToInbox}</Link> : <Link to="/tickets">{t.backToList}</Link>}
      </p>
      <div className="ticket-header">
        <h1>{t.title(ticket.number)}</h1>
        <span className={`state-badge ${ticket.stateType}`}>{tk.states[ticket.state]}</span>
        {ticket.urgency !== "normal" ? <span className={`tag ${ticket.urgency}`}>{tk.urgencies[ticket.urgency]}</span> : null}
        {ticket.confidential ? <span className="tag">{f.confidential}</span> : null}
      </div>
      <p className="lead">{ticket.title}</p>

      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {error && !errorInForm ? (
        <div className="form-error" role="alert">
          <p className="m-0">{error.message}</p>
          {currentState ? <p className="m-0">{t.conflictState(tk.states[currentState])}</p> : null}
        </div>
      ) : null}

      <div className="ticket-layout">
        <div>
          <section className="panel" aria-labelledby="basics-heading">
            <h2 id="basics-heading">{t.basics}</h2>
            <dl className="facts">
              <dt>{f.number}</dt>
              <dd>{ticket.number}</dd>
              <dt>{f.state}</dt>
              <dd>{tk.states[ticket.state]}</dd>
              <dt>{f.requestType}</dt>
              <dd>{tk.requestTypes[ticket.requestType]}</dd>
              <dt>{f.urgency}</dt>
              <dd>{tk.urgencies[ticket.urgency]}</dd>
              <dt>{f.channel}</dt>
              <dd>{tk.channels[ticket.channel]}</dd>
              <dt>{f.category}</dt>
              <dd>{ticket.categoryName ?? "—"}</dd>
              <dt>{f.address}</dt>
              <dd>{ticket.address ?? "—"}</dd>
              <dt>{f.area}</dt>
              <dd>{ticket.area ?? "—"}</dd>
              <dt>{f.leadDepartment}</dt>
              <dd>{lead.map((a) => a.name).join("、") || "—"}</dd>
              <dt>{f.coDepartments}</dt>
              <dd>{co.map((a) => a.name).join("、") || "—"}</dd>
              <dt>{f.createdAt}</dt>
              <dd>{formatDateTime(ticket.createdAt)}</dd>
              {mergedInto ? (
                <>
                  <dt>{t.mergedInto}</dt>
                  <dd>
                    <Link to={`/tickets/${mergedInto.id}`}>{mergedInto.number}</Link>
                  </dd>
                </>
              ) : null}
            </dl>
          </section>

          <section className="panel" aria-labelledby="deadline-heading">
            <h2 id="deadline-heading">{t.deadlines}</h2>
            <Deadlines ticket={ticket} now={now} />
            {paused && ticket.pausedAt ? (
              <p className="muted small">
                {t.pausedSince(formatDateTime(ticket.pausedAt))}
                {ticket.pausedRemainingMinutes !== null ? `，${t.pausedRemaining(formatHours(ticket.pausedRemainingMinutes))}` : ""}
              </p>
            ) : null}
          </section>

          <section className="panel" aria-labelledby="citizen-heading">
            <h2 id="citizen-heading">{t.citizen}</h2>
            {ticket.identityHidden ? (
              <p className="muted">{tk.identityHidden}</p>
            ) : ticket.anonymous ? (
              <p className="muted">{t.anonymous}</p>
            ) : (
              <>
                <dl className="facts">
                  <dt>{f.citizenName}</dt>
                  <dd>{ticket.citizenName ?? "—"}</dd>
                  <dt>{f.citizenPhone}</dt>
                  <dd>{ticket.citizenPhone ?? "—"}</dd>
                </dl>
                {revealed ? (
                  <div className="revealed" role="status">
                    <p className="small muted m-0">
                      {t.revealed}
                    </p>
                    <dl className="facts">
                      <dt>{f.citizenName}</dt>
                      <dd>{revealed.citizenName ?? "—"}</dd>
                      <dt>{f.citizenPhone}</dt>
                      <dd>{revealed.citizenPhone ?? "—"}</dd>
                    </dl>
                  </div>
                ) : canRevealContact ? (
                  <Form method="post" className="form-inline">
                    <input type="hidden" name="intent" value="reveal" />
                    <button type="submit" className="button" disabled={busy}>
                      {t.reveal}
                    </button>
                    <span className="muted small">{t.revealHint}</span>
                  </Form>
                ) : null}
              </>
            )}
          </section>

          <section className="panel" aria-labelledby="description-heading">
            <h2 id="description-heading">{t.description}</h2>
            <p className="prose">{ticket.description}</p>
          </section>

          <section className="panel" aria-labelledby="reply-heading">
            <h2 id="reply-heading">{t.reply}</h2>
            {ticket.reply ? (
              <>
                <p className="prose">{ticket.reply}</p>
                <p className="muted small">
                  {t.repliedAt}：{formatDateTime(ticket.repliedAt)}
                </p>
              </>
            ) : (
              <p className="muted">{t.noReply}</p>
            )}
            {ticket.closingNote ? (
              <>
                <h3>{t.closingNote}</h3>
                <p className="prose">{ticket.closingNote}</p>
              </>
            ) : null}
          </section>

          <TicketRatingHistory ratings={ratingLoop.ratings} verifications={ratingLoop.verifications} rectifications={ratingLoop.rectifications} />

          <section className="panel" aria-labelledby="attachments-heading">
            <h2 id="attachments-heading">{t.attachments}</h2>
            {attachments.length === 0 ? (
              <p className="muted">{t.noAttachments}</p>
            ) : (
              <ul className="attachment-list">
                {attachments.map((a) => (
                  <li key={a.id}>
                    <a href={`/tickets/${ticket.id}/attachments/${a.id}`}>{a.fileName}</a>{" "}
                    <span className="muted small">{t.attachmentMeta(formatSize(a.sizeBytes), a.uploadedBy ?? "—", formatDateTime(a.createdAt))}</span>
                  </li>
                ))}
              </ul>
            )}
            {ticket.stateType !== "closed" ? (
              <Form method="post" action={`/tickets/${ticket.id}/attachments`} encType="multipart/form-data" className="form-inline">
                <label>
                  {t.uploadFile}
                  <input type="file" name="file" required />
                </label>
                <button type="submit" className="button" disabled={busy}>
                  {t.uploadSubmit}
                </button>
              </Form>
            ) : null}
          </section>

          <section className="panel" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{t.timeline}</h2>
            {events.length === 0 ? (
              <p className="muted">{t.noEvents}</p>
            ) : (
              <ol className="timeline">
                {events.map((e) => {
                  const details = eventDetails(e, departmentNames);
                  return (
                    <li key={e.id}>
                      <div className="event-head">
                        <span className="event-label">{eventLabel(e.action)}</span>
                        <time className="muted small" dateTime={new Date(e.at).toISOString()}>
                          {formatDateTime(e.at)}
                        </time>
                        <span className="small">
                          {e.actorLabel}
                          {e.actorRole && isStaffRole(e.actorRole) ? `（${messages.roles[e.actorRole]}）` : ""}
                          {e.departmentName ? ` · ${e.departmentName}` : ""}
                        </span>
                        {e.fromState && e.fromState !== e.toState ? (
                          <span className="muted small">{t.stateChange(stateLabel(e.fromState), stateLabel(e.toState))}</span>
                        ) : null}
                      </div>
                      {e.reason ? (
                        <p className="event-reason">
                          {f.reason}：{e.reason}
                        </p>
                      ) : null}
                      {details.length ? (
                        <ul className="event-data">
                          {details.map((text) => (
                            <li key={text}>{text}</li>
                          ))}
                        </ul>
                      ) : null}
                    </li>
                  );
                })}
              </ol>
            )}
          </section>
        </div>

        <div>
          <section className="panel" aria-labelledby="actions-heading">
            <h2 id="actions-heading">{t.actions}</h2>
            {pageActions.length === 0 && ratingLoop.actions.length === 0 && !dispatchDesk ? <p className="muted">{t.noActions}</p> : null}
            <div className="action-forms">
              {pageActions.map((a) => (
                <ActionForm key={a} action={a} busy={busy} suspendReasons={suspendReasons} error={errorInForm && failedIntent === a ? error : null} />
              ))}
              <RatingActionForms
                actions={ratingLoop.actions}
                busy={busy}
                closeAfterRounds={ratingLoop.closeAfterRounds}
                failedIntent={errorInForm ? failedIntent : null}
                error={errorInForm ? error : null}
              />
              {dispatchDesk ? (
                <div className="action-form">
                  <Link className="button" to={`/dispatch?ticket=${ticket.id}`}>
                    {t.dispatchDesk}
                  </Link>
                </div>
              ) : null}
            </div>
          </section>

          <TicketSupervisionPanel ticketId={ticket.id} {...loaded.supervision} />

          {extensions.length ? (
            <section className="panel" aria-labelledby="extensions-heading">
              <h2 id="extensions-heading">{pendingExtension ? t.pendingExtension : t.extensions}</h2>
              <ul className="attachment-list">
                {extensions.map((x) => (
                  <li key={x.id}>
                    <strong>{t.extensionStatus[x.status]}</strong> {t.extensionSummary(x.workingDays, x.requestedBy, formatDateTime(x.requestedAt))}
                    <p className="event-reason prose small">
                      {f.reason}：{x.reason}
                    </p>
                    {x.decidedBy ? (
                      <p className="muted small m-0">
                        {t.extensionDecision(x.decidedBy, formatDateTime(x.decidedAt))}
                        {x.decisionNote ? `：${x.decisionNote}` : ""}
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
      </div>
    </>
  );
}

function Deadlines({ ticket, now }: { ticket: LoaderData["ticket"]; now: Date | string }) {
  const t = messages.worklist.detail;
  const rows = [
    { label: t.dispatchDue, due: ticket.dispatchDueAt },
    { label: t.signDue, due: ticket.signDueAt },
    { label: t.handleDue, due: ticket.handleDueAt },
  ].filter((r) => r.due);
  if (rows.length === 0) return <p className="muted">{t.noDeadline}</p>;
  return (
    <dl className="deadline-list">
      {rows.map((r) => (
        <div key={r.label} className="contents">
          <dt>{r.label}</dt>
          <dd>
            <span>{formatDateTime(r.due)}</span>
            <Deadline due={r.due} now={now} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function ActionForm({ action, busy, suspendReasons, error }: { action: PageAction; busy: boolean; suspendReasons: string[]; error: { message: string } | null }) {
  const t = messages.worklist.detail.forms;
  const danger = action === "return" || action === "withdraw" || action === "refuse_extension";
  const wrap = (title: string, submit: string, fields: ReactNode = null) => (
    <Form method="post" className="action-form" aria-label={title}>
      <h3>{title}</h3>
      <input type="hidden" name="intent" value={action} />
      <div className="form-stack">
        {fields}
        <FormError error={error} />
        <div>
          <button type="submit" className={danger ? "button danger" : "button primary"} disabled={busy}>
            {submit}
          </button>
        </div>
      </div>
    </Form>
  );
  switch (action) {
    case "sign":
    case "start":
    case "resume":
    case "archive":
      return wrap(t[action].title, t[action].submit);
    case "reply":
      return wrap(
        t.reply.title,
        t.reply.submit,
        <>
          <label>
            {t.reply.label}
            <textarea name="reply" required minLength={5} maxLength={5000} rows={6} aria-describedby="reply-hint" />
            <span id="reply-hint" className="muted small hint">
              {t.reply.hint}
            </span>
          </label>
          <KbSearchPanel insertInto={() => document.querySelector<HTMLTextAreaElement>('textarea[name="reply"]')} />
        </>,
      );
    case "return":
      return wrap(
        t.return.title,
        t.return.submit,
        <label>
          {t.return.label}
          <textarea name="reason" required minLength={2} maxLength={1000} rows={3} aria-describedby="return-hint" />
          <span id="return-hint" className="muted small hint">
            {t.return.hint}
          </span>
        </label>,
      );
    case "request_extension":
      return wrap(
        t.request_extension.title,
        t.request_extension.submit,
        <>
          <label>
            {t.request_extension.days}
            <input type="number" name="workingDays" required min={1} max={30} step={1} inputMode="numeric" />
          </label>
          <label>
            {t.request_extension.reason}
            <textarea name="reason" required minLength={2} maxLength={1000} rows={3} />
          </label>
        </>,
      );
    case "approve_extension":
      return wrap(
        t.approve_extension.title,
        t.approve_extension.submit,
        <label>
          {t.approve_extension.note}
          <textarea name="note" maxLength={1000} rows={2} />
        </label>,
      );
    case "refuse_extension":
      return wrap(
        t.refuse_extension.title,
        t.refuse_extension.submit,
        <label>
          {t.refuse_extension.reason}
          <textarea name="reason" required minLength={2} maxLength={1000} rows={2} />
        </label>,
      );
    case "suspend":
      return wrap(
        t.suspend.title,
        t.suspend.submit,
        <>
          <label>
            {t.suspend.reason}
            <select name="reason" required defaultValue="">
              <option value="" disabled>
                —
              </option>
              {suspendReasons.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.suspend.note}
            <textarea name="note" maxLength={1000} rows={2} />
          </label>
        </>,
      );
    case "withdraw":
      return wrap(
        t.withdraw.title,
        t.withdraw.submit,
        <label>
          {t.withdraw.reason}
          <textarea name="reason" required minLength={2} maxLength={1000} rows={2} />
        </label>,
      );
  }
}
