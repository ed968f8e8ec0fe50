import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Fragment, useCallback, useEffect, useRef, useState } from "react";
import { CallPanel, useOperatorDesk } from "~/app/components/call-panel";
import { FormError } from "~/app/components/form-error";
import { SimilarTicketsPanel, useSimilarTickets } from "~/app/components/similar-tickets-panel";
import { KbSearchPanel, kbSearchPanelStylesheet } from "~/app/components/kb-search-panel";
import { formOptionalId, formText, handleDomainErrors, readForm } from "~/app/form.server";
import { formatDateTime, messages } from "~/app/i18n";
import { requireTicketContext } from "~/app/tickets.server";
import styles from "~/app/styles/intake-dispatch.css?url";
import { groupCategories } from "~/db/queries/categories";
import { activeCategoryOptions } from "~/domain/admin-data/categories";
import { REQUEST_TYPES, type RequestType, type TicketChannel, type Urgency, URGENCIES } from "~/db/schema";
import { invalidInput } from "~/domain/errors";
import { createTicket } from "~/domain/tickets/create-ticket";
import { createTicketFromCall } from "~/domain/telephony/call-tickets";
import type { PhoneHistory } from "./history";
import { normalizePhone, PHONE_PATTERN } from "~/domain/phone";

/** The channels an operator takes requests from at this desk; phone first. */
const INTAKE_CHANNELS = ["phone", "walk_in", "sms"] as const satisfies readonly TicketChannel[];
const HISTORY_DELAY_MS = 300;

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: kbSearchPanelStylesheet },
];
export const meta: MetaFunction = () => [{ title: `${messages.intakeDispatch.intake.title} · ${messages.appShortName}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db } = requireTicketContext(request, context, ["operator"]);
  return { categories: groupCategories(await activeCategoryOptions(db)) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = requireTicketContext(request, context, ["operator"]);
  const form = await readForm(request);
  return handleDomainErrors(async () => {
    const channel = formText(form, "channel") || "phone";
    if (!(INTAKE_CHANNELS as readonly string[]).includes(channel)) throw invalidInput("channel_invalid", "channel");
    const optional = (name: string) => formText(form, name) || null;
    // The domain validates every value (and says which field is wrong); the casts only pass strings through.
    const input = {
      requestType: formText(form, "requestType") as RequestType,
      urgency: (formText(form, "urgency") || "normal") as Urgency,
      categoryId: formOptionalId(form, "categoryId"),
      title: formText(form, "title"),
      description: formText(form, "description"),
      address: optional("address"),
      area: optional("area"),
      citizenName: optional("citizenName"),
      citizenPhone: optional("citizenPhone"),
      anonymous: form.get("anonymous") === "on",
      confidential: form.get("confidential") === "on",
      directAnswer: optional("directAnswer"),
    };
    // A form linked to the call on the line (screen pop): a phone ticket recorded against that call.
    const callId = formOptionalId(form, "callId");
    const ticket = callId ? await createTicketFromCall(ctx, callId, input) : await createTicket(ctx, { ...input, channel: channel as TicketChannel });
    // The query code is shown this once, so the operator can read it to the caller; no list shows it.
    return { created: { id: ticket.id, number: ticket.number, queryCode: ticket.queryCode, closed: ticket.state === "closed" } };
  });
}

export default function IntakeDesk() {
  const actionData = useActionData<typeof action>();
  const created = actionData && "created" in actionData ? actionData.created : null;
  const error = actionData && "error" in actionData ? actionData.error : null;
  // Each created ticket gives the form a new key, which remounts it: empty fields, focus back on
  // the phone. A refused submission keeps the key, so what was typed stays.
  const [formKey, setFormKey] = useState("new");
  if (created && created.number !== formKey) setFormKey(created.number);
  const t = messages.intakeDispatch.intake;
  const desk = useOperatorDesk();
  // A new call remounts the form too, so nothing typed for the previous caller is carried over.
  const callId = desk.view?.call?.id ?? null;
  return (
    <>
      <h1>{t.title}</h1>
      <p className="emergency-hint">
        <span aria-hidden="true">⚠ </span>
        {t.emergencyHint}
      </p>
      {created ? <CreatedNotice created={created} /> : null}
      <CallPanel view={desk.view} connected={desk.connected} />
      <IntakeForm key={`${formKey}-${callId ?? "none"}`} error={error} callId={callId} />
    </>
  );
}

function CreatedNotice({ created }: { created: { id: number; number: string; queryCode: string; closed: boolean } }) {
  const t = messages.intakeDispatch.intake;
  const f = messages.tickets.fields;
  return (
    <section className="notice created-notice" role="status" aria-live="polite">
      <p>
        <strong>{created.closed ? t.createdAndClosed : t.created}</strong>
      </p>
      <dl className="facts">
        <dt>{f.number}</dt>
        <dd>
          <span className="ticket-number">{created.number}</span>
        </dd>
        <dt>{f.queryCode}</dt>
        <dd>
          <span className="query-code">{created.queryCode}</span>
        </dd>
      </dl>
      <p className="small">{t.readToCaller}</p>
      <p className="small">
        <Link to={`/tickets/${created.id}`}>{t.openTicket}</Link>
      </p>
    </section>
  );
}

function IntakeForm({ error, callId }: { error: { message: string; field: string | null } | null; callId: number | null }) {
  const { categories } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const t = messages.intakeDispatch.intake;
  const f = messages.tickets.fields;
  const formRef = useRef<HTMLFormElement>(null);
  const phoneRef = useRef<HTMLInputElement>(null);
  const [requestType, setRequestType] = useState("");
  const [anonymous, setAnonymous] = useState(false);
  const history = usePhoneHistory();
  const similar = useSimilarTickets();

  // Keyboard shortcuts: Alt+S submits, Alt+P goes back to the phone field. `code` is the key's
  // position, so this works whatever the keyboard layout or input method produces.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.code === "KeyS") {
        event.preventDefault();
        formRef.current?.requestSubmit();
      } else if (event.code === "KeyP") {
        event.preventDefault();
        phoneRef.current?.focus();
        phoneRef.current?.select();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  // After a refused submission, put the cursor on the field the message is about.
  useEffect(() => {
    if (!error?.field) return;
    const field = formRef.current?.elements.namedItem(error.field);
    if (field instanceof HTMLElement) field.focus();
  }, [error]);

  const invalid = (name: string) => (error?.field === name ? true : undefined);
  const isConsultation = requestType === "consultation";

  return (
    <div className="intake-layout">
      <section className="panel" aria-labelledby="intake-form-title">
        <h2 id="intake-form-title">{t.formTitle}</h2>
        <FormError error={error} />
        <Form method="post" ref={formRef} className="form-grid intake-form" aria-describedby="intake-shortcuts" onChange={() => similar.lookUp(formRef.current)}>
          {callId ? <input type="hidden" name="callId" value={callId} /> : null}
          <fieldset className="checkbox-group wide">
            <legend>{f.channel}</legend>
            {INTAKE_CHANNELS.map((channel) => (
              <label key={channel} className="checkbox">
                <input type="radio" name="channel" value={channel} defaultChecked={channel === "phone"} />
                {messages.tickets.channels[channel]}
              </label>
            ))}
          </fieldset>
          <label>
            {f.citizenPhone}
            <input
              ref={phoneRef}
              name="citizenPhone"
              type="tel"
              inputMode="tel"
              autoComplete="off"
              maxLength={20}
              autoFocus
              required={!anonymous && !callId}
              aria-invalid={invalid("citizenPhone")}
              aria-describedby="phone-hint"
              onChange={(e) => history.lookUp(e.target.value)}
            />
            <span id="phone-hint" className="muted small">
              {t.phoneHint}
            </span>
          </label>
          <label>
            {f.citizenName}
            <input name="citizenName" maxLength={40} autoComplete="off" aria-invalid={invalid("citizenName")} />
          </label>
          <div className="checkbox-field">
            <label className="checkbox">
              <input name="anonymous" type="checkbox" value="on" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} aria-describedby="anonymous-hint" />
              {f.anonymous}
            </label>
            <span id="anonymous-hint" className="muted small">
              {t.anonymousHint}
            </span>
          </div>
          <label>
            {f.requestType}
            <select name="requestType" required value={requestType} onChange={(e) => setRequestType(e.target.value)} aria-invalid={invalid("requestType")}>
              <option value="">{t.choose}</option>
              {REQUEST_TYPES.map((type) => (
                <option key={type} value={type}>
                  {messages.tickets.requestTypes[type]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {f.urgency}
            <select name="urgency" defaultValue="normal" aria-invalid={invalid("urgency")}>
              {URGENCIES.map((u) => (
                <option key={u} value={u}>
                  {messages.tickets.urgencies[u]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {f.category}
            <select name="categoryId" defaultValue="" aria-invalid={invalid("categoryId")}>
              <option value="">{t.noCategory}</option>
              <CategoryOptions groups={categories} />
            </select>
          </label>
          <label className="wide">
            {f.title}
            <input name="title" required minLength={2} maxLength={100} autoComplete="off" aria-invalid={invalid("title")} />
          </label>
          <label className="wide">
            {f.description}
            <textarea name="description" required minLength={5} maxLength={5000} rows={4} aria-invalid={invalid("description")} />
          </label>
          <label>
            {f.address}
            <input name="address" maxLength={200} autoComplete="off" aria-invalid={invalid("address")} />
          </label>
          <label>
            {f.area}
            <input name="area" maxLength={50} autoComplete="off" aria-invalid={invalid("area")} />
          </label>
          <div className="checkbox-field wide">
            <label className="checkbox">
              <input name="confidential" type="checkbox" value="on" aria-describedby="confidential-hint" />
              {f.confidential}
            </label>
            <span id="confidential-hint" className="muted small">
              {t.confidentialHint}
            </span>
          </div>
          {/* Only a consultation can be answered on the spot; hidden and disabled (not sent) otherwise. */}
          <label className="wide" hidden={!isConsultation}>
            {t.directAnswer}
            <textarea name="directAnswer" rows={3} maxLength={5000} disabled={!isConsultation} aria-describedby="direct-answer-hint" aria-invalid={invalid("directAnswer")} />
            <span id="direct-answer-hint" className="muted small">
              {t.directAnswerHint}
            </span>
          </label>
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={busy} aria-keyshortcuts="Alt+S">
              {busy ? t.submitting : t.submit}
            </button>
            <span className="muted small">Alt+S</span>
          </div>
        </Form>
      </section>
      <aside className="intake-side">
        <PhoneHistoryPanel phone={history.phone} current={history.current} loading={history.loading} />
        <SimilarTicketsPanel current={similar.current} loading={similar.loading} />
        {/* Answers go where the operator writes them: the on-the-spot answer of a consultation, else the description. */}
        <KbSearchPanel insertInto={() => formRef.current?.querySelector<HTMLTextAreaElement>(`textarea[name="${isConsultation ? "directAnswer" : "description"}"]`) ?? null} />
        <section className="panel" id="intake-shortcuts" aria-labelledby="shortcuts-title">
          <h2 id="shortcuts-title">{t.shortcutsTitle}</h2>
          <dl className="facts shortcuts">
            {t.shortcuts.map((s) => (
              <Fragment key={s.keys}>
                <dt>
                  <kbd>{s.keys}</kbd>
                </dt>
                <dd>{s.action}</dd>
              </Fragment>
            ))}
          </dl>
        </section>
      </aside>
    </div>
  );
}

/**
 * Earlier tickets from the number being typed: looked up through /intake/history a moment after
 * typing stops, and only for something that looks like a phone number. A plain fetch, not a
 * router fetcher: the lookup is independent of the form's submissions and revalidations (a
 * fetcher started while a submission is in flight could land on the route's error boundary).
 */
function usePhoneHistory() {
  const [phone, setPhone] = useState<string | null>(null);
  const [current, setCurrent] = useState<PhoneHistory | null>(null);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const inFlight = useRef<AbortController | null>(null);
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      inFlight.current?.abort();
    },
    [],
  );
  const lookUp = useCallback((raw: string) => {
    clearTimeout(timer.current);
    inFlight.current?.abort();
    const value = normalizePhone(raw);
    if (!PHONE_PATTERN.test(value)) {
      setPhone(null);
      setCurrent(null);
      setLoading(false);
      return;
    }
    timer.current = setTimeout(() => {
      const controller = new AbortController();
      inFlight.current = controller;
      setPhone(value);
      setCurrent(null);
      setLoading(true);
      fetch(`/intake/history?phone=${encodeURIComponent(value)}`, { signal: controller.signal, headers: { accept: "application/json" } })
        .then((response) => (response.ok ? (response.json() as Promise<PhoneHistory>) : null))
        .then((body) => {
          if (controller.signal.aborted) return;
          setCurrent(body?.phone === value ? body : null);
          setLoading(false);
        })
        // An aborted or failed lookup just shows nothing; the form is unaffected.
        .catch(() => {
          if (!controller.signal.aborted) setLoading(false);
        });
    }, HISTORY_DELAY_MS);
  }, []);
  return { lookUp, phone, current, loading };
}

function PhoneHistoryPanel({ phone, current, loading }: { phone: string | null; current: PhoneHistory | null; loading: boolean }) {
  const t = messages.intakeDispatch.intake.history;
  return (
    <section className="panel history-panel" aria-labelledby="history-title" aria-live="polite" aria-busy={loading}>
      <h2 id="history-title">{t.title}</h2>
      {phone === null ? (
        <p className="muted small">{t.prompt}</p>
      ) : loading || !current ? (
        <p className="muted small">{t.loading}</p>
      ) : current.tickets.length === 0 ? (
        <p className="muted small">{t.empty}</p>
      ) : (
        <>
          <p className="muted small">{t.count(current.tickets.length)}</p>
          <ol className="history-list">
            {current.tickets.map((ticket) => (
              <li key={ticket.id}>
                <Link to={`/tickets/${ticket.id}`} target="_blank" rel="noreferrer">
                  {ticket.number}
                </Link>
                <span className={`state state-${ticket.state}`}>{ticket.stateLabel}</span>
                <span className="muted small">{formatDateTime(ticket.createdAt)}</span>
                <span className="history-title">{ticket.title}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function CategoryOptions({ groups }: { groups: { id: number; name: string; children: { id: number; name: string }[] }[] }) {
  return (
    <>
      {groups.map((group) =>
        group.children.length === 0 ? (
          <option key={group.id} value={group.id}>
            {group.name}
          </option>
        ) : (
          <optgroup key={group.id} label={group.name}>
            {group.children.map((child) => (
              <option key={child.id} value={child.id}>
                {child.name}
              </option>
            ))}
          </optgroup>
        ),
      )}
    </>
  );
}
