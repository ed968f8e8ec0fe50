import { type ActionFunctionArgs, data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { FormError } from "~/app/components/form-error";
import { Pagination } from "~/app/components/pagination";
import { formOptionalId, formText, handleDomainErrors, pageFromUrl, readForm, type ActionError } from "~/app/form.server";
import { errorMessage, formatDateTime, messages } from "~/app/i18n";
import { requireTicketContext } from "~/app/tickets.server";
import styles from "~/app/styles/intake-dispatch.css?url";
import { groupCategories } from "~/db/queries/categories";
import { activeCategoryOptions } from "~/domain/admin-data/categories";
import { REQUEST_TYPES, type RequestType, type Urgency, URGENCIES } from "~/db/schema";
import { getDepartment, listDepartments } from "~/domain/departments";
import { DomainError, invalidInput } from "~/domain/errors";
import { dispatchTicket, keepReturnedTicket, mergeTicket, withdrawTicket } from "~/domain/tickets/actions";
import { latestReturns, ticketNumbers } from "~/domain/tickets/dispatch-queue";
import { listTickets } from "~/domain/tickets/queries";
import { suggestDepartmentsForTickets } from "~/domain/tickets/routing";
import type { TicketState } from "~/domain/tickets/states";
import { FilterSelect } from "~/app/components/filter-select";
import { oneOf, positiveId } from "~/app/query-params.server";
import { ticketText } from "~/domain/dispatch-suggest/history";
import { suggestDepartmentsFor } from "~/domain/dispatch-suggest/suggest";
import { getAcceptanceRate, recordDispatchDecision, recordShownSuggestions } from "~/domain/dispatch-suggest/suggestion-log";
import { findSimilarOpenTickets } from "~/domain/duplicates/similar-tickets";

const PAGE_SIZE = 20;
/** The dispatcher's queue: new tickets and those a department sent back. */
const QUEUE_STATES: TicketState[] = ["accepted", "returned"];
const MAX_BATCH = 100;
const BATCH_FORM_ID = "batch-dispatch";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: `${messages.intakeDispatch.dispatch.title} · ${messages.appShortName}` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db, clock, actor } = requireTicketContext(request, context, ["dispatcher"]);
  const url = new URL(request.url);
  const filter = {
    requestType: oneOf<RequestType>(REQUEST_TYPES, url.searchParams.get("type")),
    urgency: oneOf<Urgency>(URGENCIES, url.searchParams.get("urgency")),
    categoryId: positiveId(url.searchParams.get("category")),
    text: url.searchParams.get("q")?.trim().slice(0, 50) || undefined,
  };
  const selectedId = positiveId(url.searchParams.get("ticket")) ?? null;
  const page = pageFromUrl(url, PAGE_SIZE);
  const [result, departments, categoryRows] = await Promise.all([
    listTickets(db, actor, { ...filter, states: QUEUE_STATES }, page, "due"),
    listDepartments(db, { activeOnly: true }),
    activeCategoryOptions(db),
  ]);
  const [returns, suggestions, learned, acceptance] = await Promise.all([
    latestReturns(
      db,
      result.rows.filter((t) => t.state === "returned").map((t) => t.id),
    ),
    suggestDepartmentsForTickets(db, result.rows),
    suggestDepartmentsFor({ db, clock, logger: context.services.logger }, result.rows.map(ticketText)),
    getAcceptanceRate(db),
  ]);
  // Every learned suggestion shown is logged, so its acceptance can be measured at dispatch.
  await recordShownSuggestions(
    db,
    learned.flatMap((r, i) => (r.status === "ok" ? [{ ticketId: result.rows[i]!.id, modelId: r.modelId, suggestions: r.suggestions.map(({ departmentId, score }) => ({ departmentId, score })) }] : [])),
    clock.now(),
  );
  const selectedTicket = result.rows.find((t) => t.id === selectedId);
  const similar = selectedTicket ? await findSimilarOpenTickets(db, { ...selectedTicket, excludeTicketId: selectedTicket.id, now: clock.now() }) : [];
  const now = clock.now().getTime();
  const departmentName = new Map(departments.map((d) => [d.id, d.name]));
  const rows = result.rows.map((t, i) => {
    const learnedResult = learned[i];
    const learnedSuggestions = learnedResult?.status === "ok" ? learnedResult.suggestions : [];
    // An administrator's routing rule wins; otherwise the learned first choice is preselected.
    const suggestedDepartmentId = suggestions[i] ?? learnedSuggestions[0]?.departmentId ?? null;
    const returned = returns.get(t.id);
    return {
      id: t.id,
      number: t.number,
      title: t.title,
      description: t.id === selectedId ? t.description : null,
      requestType: t.requestType,
      urgency: t.urgency,
      categoryName: t.categoryName,
      area: t.area,
      address: t.address,
      state: t.state,
      createdAt: t.createdAt,
      dispatchDueAt: t.dispatchDueAt,
      minutesLeft: t.dispatchDueAt ? Math.round((t.dispatchDueAt.getTime() - now) / 60_000) : null,
      leadDepartmentName: t.leadDepartmentName,
      returned: returned ? { reason: returned.reason, at: returned.at, departmentName: returned.departmentName } : null,
      suggestedDepartmentId,
      suggestedDepartmentName: suggestedDepartmentId ? (departmentName.get(suggestedDepartmentId) ?? null) : null,
      ruleSuggested: (suggestions[i] ?? null) !== null,
      learnedSuggestions,
      similar: t.id === selectedId ? similar.map((s) => ({ id: s.id, number: s.number, title: s.title, score: s.score, state: s.state })) : [],
    };
  });
  return {
    rows,
    acceptance,
    /** Set when there is too little dispatch history to learn from (the desk says so). */
    learningNeeds: learned.find((r) => r.status === "no_model")?.needed ?? null,
    total: result.total,
    totalCapped: result.totalCapped,
    page: page.page,
    selectedId,
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    categories: groupCategories(categoryRows),
    filter: {
      type: filter.requestType ?? "",
      urgency: filter.urgency ?? "",
      category: filter.categoryId ? String(filter.categoryId) : "",
      q: filter.text ?? "",
    },
  };
}

function fail(message: string, field: string | null, status: 400 | 404 | 409 = 400) {
  return data<ActionError>({ error: { message, field } }, { status });
}

function requiredId(form: FormData, name: string): number {
  const id = formOptionalId(form, name);
  if (id === null) throw invalidInput("invalid_input", name);
  return id;
}

function idList(form: FormData, name: string): number[] {
  const ids = form.getAll(name).map((v) => (typeof v === "string" ? Number(v) : NaN));
  if (ids.some((id) => !Number.isInteger(id) || id <= 0)) throw invalidInput("invalid_input", name);
  return [...new Set(ids)];
}

interface BatchItem {
  ticketId: number;
  number: string | null;
  ok: boolean;
  message: string;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = requireTicketContext(request, context, ["dispatcher"]);
  const form = await readForm(request);
  const intent = formText(form, "intent");
  const t = messages.intakeDispatch.dispatch;
  const departmentLabel = async (id: number) => (await getDepartment(ctx.db, { id }).catch(() => null))?.name ?? String(id);
  return handleDomainErrors(async () => {
    switch (intent) {
      case "dispatch": {
        const ticketId = requiredId(form, "ticketId");
        const leadDepartmentId = formOptionalId(form, "leadDepartmentId");
        if (leadDepartmentId === null) return fail(t.departmentRequired, "leadDepartmentId");
        const ticket = await dispatchTicket(ctx, ticketId, {
          leadDepartmentId,
          coDepartmentIds: idList(form, "coDepartmentIds"),
          note: formText(form, "note") || null,
        });
        await recordDispatchDecision(ctx.db, { ticketId, leadDepartmentId, by: ctx.actor.label, at: ctx.clock.now() });
        return data({ notice: t.dispatched(ticket.number, await departmentLabel(leadDepartmentId)) });
      }
      case "batch": {
        const ticketIds = idList(form, "ticketIds");
        if (ticketIds.length === 0) return fail(t.batchNoneSelected, "ticketIds");
        if (ticketIds.length > MAX_BATCH) throw invalidInput("invalid_input", "ticketIds");
        const leadDepartmentId = formOptionalId(form, "batchDepartmentId");
        if (leadDepartmentId === null) return fail(t.departmentRequired, "batchDepartmentId");
        const numbers = await ticketNumbers(ctx.db, ctx.actor, ticketIds);
        const results: BatchItem[] = [];
        let firstFailure: DomainError | null = null;
        // One command per ticket, each in its own transaction: one failure (say, someone else
        // dispatched it meanwhile) does not undo the others, and each is reported.
        for (const ticketId of ticketIds) {
          try {
            const ticket = await dispatchTicket(ctx, ticketId, { leadDepartmentId });
            await recordDispatchDecision(ctx.db, { ticketId, leadDepartmentId, by: ctx.actor.label, at: ctx.clock.now() });
            results.push({ ticketId, number: ticket.number, ok: true, message: t.batchOk });
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            firstFailure ??= error;
            results.push({ ticketId, number: numbers.get(ticketId) ?? null, ok: false, message: errorMessage(error.code, error.params) });
          }
        }
        const succeeded = results.filter((r) => r.ok).length;
        const batch = {
          summary: t.batchSummary(succeeded, results.length - succeeded),
          departmentName: await departmentLabel(leadDepartmentId),
          results,
        };
        // Nothing dispatched: answer with the first failure's status (e.g. 409), still with the report.
        return data({ batch }, { status: succeeded === 0 && firstFailure ? firstFailure.status : 200 });
      }
      case "keep": {
        const ticket = await keepReturnedTicket(ctx, requiredId(form, "ticketId"), formText(form, "reason"));
        return data({ notice: t.kept(ticket.number) });
      }
      case "merge": {
        const ticketId = requiredId(form, "ticketId");
        if (form.get("confirm") !== "on") return fail(t.mergeConfirmRequired, "confirm");
        const intoNumber = formText(form, "intoNumber").slice(0, 50);
        if (intoNumber === "") return fail(messages.errors.codes.merge_target_not_found, "intoNumber");
        const candidates = await listTickets(ctx.db, ctx.actor, { text: intoNumber }, { offset: 0, limit: 10 });
        const target = candidates.rows.find((row) => row.number.toLowerCase() === intoNumber.toLowerCase());
        if (!target) return fail(t.mergeTargetNotFound(intoNumber), "intoNumber");
        const ticket = await mergeTicket(ctx, ticketId, target.id);
        return data({ notice: t.merged(ticket.number, target.number) });
      }
      case "withdraw": {
        const ticket = await withdrawTicket(ctx, requiredId(form, "ticketId"), formText(form, "reason"));
        return data({ notice: t.withdrawn(ticket.number) });
      }
      default:
        return fail(messages.errors.codes.invalid_input, "intent");
    }
  });
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

export default function DispatchDesk() {
  const { rows, total, totalCapped, page, selectedId, departments, categories, filter, acceptance, learningNeeds } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const t = messages.intakeDispatch.dispatch;
  const tk = messages.tickets;
  const error = actionData && "error" in actionData ? actionData.error : null;
  const notice = actionData && "notice" in actionData ? actionData.notice : null;
  const batch = actionData && "batch" in actionData ? actionData.batch : null;
  const ts = messages.dispatchSuggest.suggestions;
  const selected = rows.find((r) => r.id === selectedId) ?? null;

  const hrefWith = (ticketId: number | null) => {
    const params = new URLSearchParams(location.search);
    if (ticketId === null) params.delete("ticket");
    else params.set("ticket", String(ticketId));
    const query = params.toString();
    return `${location.pathname}${query ? `?${query}` : ""}`;
  };

  return (
    <>
      <h1>{t.title}</h1>
      <p className="lead">{t.lead}</p>
      <p className="muted small acceptance-rate">
        {acceptance.rate === null ? ts.acceptanceNone : ts.acceptance(acceptance.rate, acceptance.accepted, acceptance.decided)}
        {learningNeeds !== null ? ` · ${ts.noModel(learningNeeds)}` : null}
      </p>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {batch ? <BatchReport batch={batch} /> : null}
      <FormError error={error} />

      <Form method="get" className="filters" role="search">
        <FilterSelect name="type" label={tk.fields.requestType} value={filter.type} options={REQUEST_TYPES} labels={tk.requestTypes} />
        <FilterSelect name="urgency" label={tk.fields.urgency} value={filter.urgency} options={URGENCIES} labels={tk.urgencies} />
        <label>
          {tk.fields.category}
          <select name="category" defaultValue={filter.category}>
            <option value="">{messages.common.all}</option>
            {categories.map((group) => (
              <optgroup key={group.id} label={group.name}>
                <option value={group.id}>
                  {group.name}
                  {group.children.length ? `（${messages.common.all}）` : ""}
                </option>
                {group.children.map((child) => (
                  <option key={child.id} value={child.id}>
                    {child.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label>
          {t.filterText}
          <input type="search" name="q" defaultValue={filter.q} maxLength={50} />
        </label>
        <button type="submit" className="button">
          {messages.common.search}
        </button>
        <Link to="/dispatch">{messages.common.reset}</Link>
      </Form>

      {selected ? <TicketPanel key={selected.id} ticket={selected} departments={departments} closeHref={hrefWith(null)} error={error} /> : null}

      <section className="panel batch-panel" aria-labelledby="batch-title">
        <h2 id="batch-title">{t.batchTitle}</h2>
        <Form method="post" id={BATCH_FORM_ID} className="batch-bar">
          <input type="hidden" name="intent" value="batch" />
          <label>
            {tk.fields.leadDepartment}
            <select name="batchDepartmentId" required defaultValue="">
              <option value="">{messages.intakeDispatch.intake.choose}</option>
              {departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button primary">
            {t.batchSubmit}
          </button>
          <span className="muted small">{t.batchHint}</span>
        </Form>
      </section>

      {rows.length === 0 ? (
        <div className="empty-state">{t.empty}</div>
      ) : (
        <QueueTable rows={rows} selectedId={selectedId} hrefWith={hrefWith} />
      )}
      <Pagination page={page} pageSize={PAGE_SIZE} total={total} capped={totalCapped} />
    </>
  );
}

function QueueTable({ rows, selectedId, hrefWith }: { rows: Row[]; selectedId: number | null; hrefWith: (id: number | null) => string }) {
  const t = messages.intakeDispatch.dispatch;
  const tk = messages.tickets;
  // "Select all" needs script; without it the checkbox is not offered.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const toggleAll = (checked: boolean) => {
    document.querySelectorAll<HTMLInputElement>(`input[name="ticketIds"][form="${BATCH_FORM_ID}"]`).forEach((box) => (box.checked = checked));
  };
  return (
    <table className="data-table dispatch-queue">
      <thead>
        <tr>
          <th scope="col" className="check">
            {hydrated ? <input type="checkbox" aria-label={t.selectAll} title={t.selectAll} onChange={(e) => toggleAll(e.target.checked)} /> : <span className="visually-hidden">{t.select}</span>}
          </th>
          <th scope="col">{tk.fields.number}</th>
          <th scope="col">{tk.fields.title}</th>
          <th scope="col">{tk.fields.requestType}</th>
          <th scope="col">{tk.fields.urgency}</th>
          <th scope="col">{tk.fields.category}</th>
          <th scope="col">{tk.fields.createdAt}</th>
          <th scope="col">{t.dispatchDue}</th>
          <th scope="col">{tk.fields.state}</th>
          <th scope="col">{t.suggested}</th>
          <th scope="col">{messages.common.actions}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const overdue = row.minutesLeft !== null && row.minutesLeft <= 0;
          const className = [overdue ? "overdue" : "", row.id === selectedId ? "selected" : ""].filter(Boolean).join(" ") || undefined;
          return (
            <tr key={row.id} className={className}>
              <td className="check">
                <input type="checkbox" name="ticketIds" value={row.id} form={BATCH_FORM_ID} aria-label={t.selectTicket(row.number)} />
              </td>
              <td className="nowrap">
                <Link to={`/tickets/${row.id}`}>{row.number}</Link>
              </td>
              <td>{row.title}</td>
              <td className="nowrap">{tk.requestTypes[row.requestType]}</td>
              <td className={`nowrap urgency-${row.urgency}`}>{tk.urgencies[row.urgency]}</td>
              <td>{row.categoryName ?? "—"}</td>
              <td className="nowrap small">{formatDateTime(row.createdAt)}</td>
              <td className="small">
                <span className="nowrap">{formatDateTime(row.dispatchDueAt)}</span>
                {row.minutesLeft !== null ? (
                  <>
                    <br />
                    {overdue ? (
                      <span className="badge danger">{tk.overdueBy(messages.intakeDispatch.duration(-row.minutesLeft))}</span>
                    ) : (
                      <span className="badge info">{tk.dueIn(messages.intakeDispatch.duration(row.minutesLeft))}</span>
                    )}
                  </>
                ) : null}
              </td>
              <td>
                <span className="nowrap">{tk.states[row.state]}</span>
                {row.returned ? <ReturnInfo returned={row.returned} /> : null}
              </td>
              <td>
                {row.suggestedDepartmentName ?? <span className="muted small">{t.noSuggestion}</span>}
                <LearnedSuggestions suggestions={row.learnedSuggestions} />
              </td>
              <td className="nowrap">
                <Link to={hrefWith(row.id)} preventScrollReset aria-label={t.handleTicket(row.number)} aria-current={row.id === selectedId ? "true" : undefined}>
                  {t.handle}
                </Link>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ReturnInfo({ returned }: { returned: NonNullable<Row["returned"]> }) {
  const t = messages.intakeDispatch.dispatch;
  return (
    <>
      {returned.departmentName ? <span className="return-info">{t.returnedBy(returned.departmentName)}</span> : null}
      {returned.reason ? <span className="return-info">{t.returnReason(returned.reason)}</span> : null}
    </>
  );
}

/** Everything the dispatcher can do with one ticket: dispatch, keep (if returned), merge, withdraw. */
function TicketPanel({
  ticket,
  departments,
  closeHref,
  error,
}: {
  ticket: Row;
  departments: { id: number; name: string }[];
  closeHref: string;
  error: { message: string; field: string | null } | null;
}) {
  const t = messages.intakeDispatch.dispatch;
  const tk = messages.tickets;
  const busy = useNavigation().state === "submitting";
  const invalid = (name: string) => (error?.field === name ? true : undefined);
  return (
    <section className="panel dispatch-panel" aria-labelledby="panel-title">
      <div className="panel-head">
        <h2 id="panel-title">{t.panelTitle(ticket.number)}</h2>
        <Link to={closeHref} preventScrollReset>
          {t.closePanel}
        </Link>
      </div>
      <dl className="facts">
        <dt>{tk.fields.title}</dt>
        <dd>
          <Link to={`/tickets/${ticket.id}`}>{ticket.title}</Link>
        </dd>
        <dt>{tk.fields.requestType}</dt>
        <dd>
          {tk.requestTypes[ticket.requestType]} · <span className={`urgency-${ticket.urgency}`}>{tk.urgencies[ticket.urgency]}</span>
        </dd>
        <dt>{tk.fields.category}</dt>
        <dd>{ticket.categoryName ?? "—"}</dd>
        <dt>{tk.fields.address}</dt>
        <dd>{[ticket.area, ticket.address].filter(Boolean).join(" · ") || "—"}</dd>
        <dt>{tk.fields.state}</dt>
        <dd>
          {tk.states[ticket.state]}
          {ticket.leadDepartmentName ? `（${tk.fields.leadDepartment}：${ticket.leadDepartmentName}）` : ""}
          {ticket.returned ? <ReturnInfo returned={ticket.returned} /> : null}
        </dd>
      </dl>
      {ticket.description ? <p className="ticket-description">{ticket.description}</p> : null}
      {ticket.learnedSuggestions.length > 0 ? (
        <section aria-labelledby="learned-title">
          <h3 id="learned-title">{messages.dispatchSuggest.suggestions.panelTitle}</h3>
          <LearnedSuggestions suggestions={ticket.learnedSuggestions} />
        </section>
      ) : null}
      {ticket.similar.length > 0 ? <SimilarTickets ticketId={ticket.id} similar={ticket.similar} busy={busy} /> : null}

      <div className="dispatch-actions">
        <section aria-labelledby="dispatch-one-title">
          <h3 id="dispatch-one-title">{t.dispatchTitle}</h3>
          <Form method="post" className="form-stack">
            <input type="hidden" name="intent" value="dispatch" />
            <input type="hidden" name="ticketId" value={ticket.id} />
            <label>
              {tk.fields.leadDepartment}
              <select name="leadDepartmentId" required defaultValue={ticket.suggestedDepartmentId ?? ""} autoFocus aria-invalid={invalid("leadDepartmentId")}>
                <option value="">{messages.intakeDispatch.intake.choose}</option>
                {departments.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                    {d.id === ticket.suggestedDepartmentId ? t.suggestedMark : ""}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {tk.fields.coDepartments}
              <select name="coDepartmentIds" multiple aria-describedby="co-hint" aria-invalid={invalid("coDepartmentIds")}>
                {departments.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
              <span id="co-hint" className="muted small">
                {t.coHint}
              </span>
            </label>
            <label>
              {t.note}
              <input name="note" maxLength={1000} autoComplete="off" />
            </label>
            <div className="form-actions">
              <button type="submit" className="button primary" disabled={busy}>
                {t.dispatchSubmit}
              </button>
            </div>
          </Form>
        </section>

        {ticket.state === "returned" ? (
          <section aria-labelledby="keep-title">
            <h3 id="keep-title">{t.keepTitle}</h3>
            <Form method="post" className="form-stack">
              <input type="hidden" name="intent" value="keep" />
              <input type="hidden" name="ticketId" value={ticket.id} />
              <label>
                {tk.fields.reason}
                <input name="reason" required minLength={2} maxLength={1000} defaultValue={t.keepReasonDefault} aria-describedby="keep-hint" />
              </label>
              <p id="keep-hint" className="muted small">
                {t.keepHint}
              </p>
              <div className="form-actions">
                <button type="submit" className="button" disabled={busy}>
                  {t.keepSubmit}
                </button>
              </div>
            </Form>
          </section>
        ) : null}

        <section aria-labelledby="merge-title">
          <h3 id="merge-title">{t.mergeTitle}</h3>
          <Form method="post" className="form-stack">
            <input type="hidden" name="intent" value="merge" />
            <input type="hidden" name="ticketId" value={ticket.id} />
            <label>
              {t.mergeInto}
              <input name="intoNumber" required maxLength={50} autoComplete="off" placeholder="2026010100001" aria-invalid={invalid("intoNumber")} />
            </label>
            <label className="checkbox">
              <input name="confirm" type="checkbox" value="on" required aria-invalid={invalid("confirm")} />
              {t.mergeConfirm}
            </label>
            <p className="muted small">{t.mergeHint}</p>
            <div className="form-actions">
              <button type="submit" className="button danger" disabled={busy}>
                {t.mergeSubmit}
              </button>
            </div>
          </Form>
        </section>

        <section aria-labelledby="withdraw-title">
          <h3 id="withdraw-title">{t.withdrawTitle}</h3>
          <Form method="post" className="form-stack">
            <input type="hidden" name="intent" value="withdraw" />
            <input type="hidden" name="ticketId" value={ticket.id} />
            <label>
              {t.withdrawReason}
              <input name="reason" required minLength={2} maxLength={1000} autoComplete="off" aria-invalid={invalid("reason")} />
            </label>
            <p className="muted small">{t.withdrawHint}</p>
            <div className="form-actions">
              <button type="submit" className="button danger" disabled={busy}>
                {t.withdrawSubmit}
              </button>
            </div>
          </Form>
        </section>
      </div>
    </section>
  );
}

/** The learned top 3 with their confidence, best first. */
function LearnedSuggestions({ suggestions }: { suggestions: Row["learnedSuggestions"] }) {
  const ts = messages.dispatchSuggest.suggestions;
  if (suggestions.length === 0) return null;
  return (
    <ol className="learned-suggestions small" aria-label={ts.column}>
      {suggestions.map((s) => (
        <li key={s.departmentId}>
          {s.label} <span className="muted">{ts.confidence(s.score)}</span>
        </li>
      ))}
    </ol>
  );
}

/** Open tickets that look like this one, each with a one-click merge of this ticket into it. */
function SimilarTickets({ ticketId, similar, busy }: { ticketId: number; similar: Row["similar"]; busy: boolean }) {
  const td = messages.dispatchSuggest.duplicates;
  return (
    <section aria-labelledby="similar-title" className="similar-tickets">
      <h3 id="similar-title">{td.title}</h3>
      <p className="muted small">{td.mergeHint}</p>
      <ul>
        {similar.map((s) => (
          <li key={s.id}>
            <Link to={`/tickets/${s.id}`}>{s.number}</Link> {s.title} <span className="muted small">{td.similarity(s.score)}</span>
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="merge" />
              <input type="hidden" name="ticketId" value={ticketId} />
              <input type="hidden" name="intoNumber" value={s.number} />
              <input type="hidden" name="confirm" value="on" />
              <button type="submit" className="button small" disabled={busy}>
                {td.mergeInto(s.number)}
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}

function BatchReport({ batch }: { batch: { summary: string; departmentName: string; results: BatchItem[] } }) {
  const t = messages.intakeDispatch.dispatch;
  const failed = batch.results.some((r) => !r.ok);
  return (
    <section className={failed ? "form-error" : "notice"} role={failed ? "alert" : "status"}>
      <p>
        <strong>{batch.summary}</strong>（{messages.tickets.fields.leadDepartment}：{batch.departmentName}）
      </p>
      <ul className="batch-results">
        {batch.results.map((r) => (
          <li key={r.ticketId} className={r.ok ? "ok" : "failed"}>
            {`${r.number ?? t.batchUnknownTicket(r.ticketId)}：${r.message}`}
          </li>
        ))}
      </ul>
    </section>
  );
}
