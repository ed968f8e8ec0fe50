import { type ActionFunctionArgs, data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { citizenActor, clientKey, domainErrorText, parseUploadForm, tooManyRequests, UploadRejected, uploadOf } from "~/app/citizen.server";
import { PublicLayout } from "~/app/components/public-layout";
import { formText } from "~/app/form.server";
import { messages } from "~/app/i18n";
import type { RequestType } from "~/db/schema";
import { addTicketAttachment, getAttachmentPolicy, validateAttachment } from "~/domain/attachments";
import { parseInput } from "~/domain/command";
import { DomainError } from "~/domain/errors";
import { listPublicCategories } from "~/domain/public-requests";
import { checkRateLimit } from "~/domain/rate-limit";
import { createTicket, createTicketSchema, type CreateTicketInput } from "~/domain/tickets/create-ticket";

const t = messages.citizen.report;
const FILE_FIELD = "files";
/** Bots fill every field; people never see this one. */
const HONEYPOT_FIELD = "website";

export const meta: MetaFunction = () => [{ title: `${t.title} · ${messages.citizen.layout.hotlineName}` }];

/** Retry-After of a 429 (and anything else the action set) reaches the page response. */
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => {
  const merged = new Headers(loaderHeaders);
  actionHeaders.forEach((value, name) => merged.set(name, value));
  return merged;
};

export async function loader({ context }: LoaderFunctionArgs) {
  const db = context.services.db;
  const [categories, policy] = await Promise.all([listPublicCategories(db), getAttachmentPolicy(db)]);
  return { categories, maxFiles: policy.maxCitizenFiles, maxMb: Math.floor(policy.maxBytes / (1024 * 1024)) };
}

interface FormValues {
  requestType: string;
  categoryId: string;
  title: string;
  description: string;
  address: string;
  name: string;
  phone: string;
  anonymous: boolean;
}

type ActionResult =
  | { receipt: { number: string; queryCode: string; saved: number; attachmentErrors: string[] } }
  | { error: { message: string; field: string | null }; values: FormValues };

/** The first `n` characters (not UTF-16 units) of `text`, on one line. */
function firstChars(text: string, n: number) {
  return [...text.replace(/\s+/g, " ").trim()].slice(0, n).join("");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { services } = context;
  const policy = await getAttachmentPolicy(services.db);
  const empty: FormValues = { requestType: "", categoryId: "", title: "", description: "", address: "", name: "", phone: "", anonymous: false };
  const fail = (status: number, message: string, values: FormValues, field: string | null = null) =>
    data<ActionResult>({ error: { message, field }, values }, { status });

  let form: FormData;
  let files: File[];
  try {
    ({ form, files } = await parseUploadForm(request, { fileField: FILE_FIELD, maxFiles: policy.maxCitizenFiles, maxBytes: policy.maxBytes }));
  } catch (error) {
    if (error instanceof UploadRejected) return fail(error.status, error.message, empty, FILE_FIELD);
    throw error;
  }
  const values: FormValues = {
    requestType: formText(form, "requestType"),
    categoryId: formText(form, "categoryId"),
    title: formText(form, "title"),
    description: formText(form, "description"),
    address: formText(form, "address"),
    name: formText(form, "name"),
    phone: formText(form, "phone"),
    anonymous: form.get("anonymous") === "on" || form.get("anonymous") === "true",
  };
  if (formText(form, HONEYPOT_FIELD) !== "") return fail(400, t.spam, values);

  const categoryId = values.categoryId === "" ? null : Number(values.categoryId);
  const input: CreateTicketInput = {
    channel: "web",
    requestType: values.requestType as RequestType,
    // Not a number → an id no category has, so createTicket says "category_invalid".
    categoryId: categoryId === null ? null : Number.isInteger(categoryId) ? categoryId : -1,
    // No title: the start of the description (a description too short gets its own message).
    title: values.title || (firstChars(values.description, 30).length >= 2 ? firstChars(values.description, 30) : t.untitled),
    description: values.description,
    address: values.address,
    citizenName: values.anonymous ? null : values.name,
    citizenPhone: values.anonymous ? null : values.phone,
    anonymous: values.anonymous,
  };
  const uploads = await Promise.all(files.map(uploadOf));
  let phone: string | null;
  try {
    // Everything is checked before anything is counted or written.
    phone = parseInput(createTicketSchema, input).citizenPhone;
    for (const upload of uploads) validateAttachment(upload, policy, FILE_FIELD);
  } catch (error) {
    if (error instanceof DomainError) return fail(error.status, domainErrorText(error), values, error.field ?? null);
    throw error;
  }

  const byIp = await checkRateLimit(services.db, services.clock, "citizen.report.ip", clientKey(context));
  if (!byIp.allowed) return tooManyRequests(byIp, (message): ActionResult => ({ error: { message, field: null }, values }));
  if (phone) {
    const byPhone = await checkRateLimit(services.db, services.clock, "citizen.report.phone", phone);
    if (!byPhone.allowed) return tooManyRequests(byPhone, (message): ActionResult => ({ error: { message, field: "phone" }, values }));
  }

  const ctx = { db: services.db, clock: services.clock, actor: citizenActor(context, "citizen:web") };
  let ticket;
  try {
    ticket = await createTicket(ctx, input);
  } catch (error) {
    if (error instanceof DomainError) return fail(error.status, domainErrorText(error), values, error.field ?? null);
    throw error;
  }

  // The ticket is committed; an attachment that cannot be stored is reported, not fatal.
  const attachmentErrors: string[] = [];
  let saved = 0;
  for (const upload of uploads) {
    try {
      await addTicketAttachment(ctx, services.attachments, ticket.id, upload, { queryCode: ticket.queryCode });
      saved += 1;
    } catch (error) {
      const reason = error instanceof DomainError ? domainErrorText(error) : messages.errors.server;
      if (!(error instanceof DomainError)) services.logger.error("attachment of a web report failed", { ticket: ticket.number, error });
      attachmentErrors.push(t.attachmentFailed(upload.fileName, reason));
    }
  }
  return data<ActionResult>({ receipt: { number: ticket.number, queryCode: ticket.queryCode, saved, attachmentErrors } }, { status: 201 });
}

export default function ReportPage() {
  const { categories, maxFiles, maxMb } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const words = messages.tickets.requestTypes;

  if (result && "receipt" in result) {
    const r = result.receipt;
    return (
      <PublicLayout current="report">
        <section className="panel" aria-labelledby="receipt-title">
          <h1 id="receipt-title">{t.receiptTitle}</h1>
          <p>{t.receiptIntro}</p>
          <dl className="facts">
            <dt>{t.number}</dt>
            <dd>
              <strong data-testid="ticket-number">{r.number}</strong>
            </dd>
            <dt>{t.queryCode}</dt>
            <dd>
              <strong data-testid="query-code">{r.queryCode}</strong>
            </dd>
          </dl>
          <p className="muted small">{t.keepCode}</p>
          {r.saved > 0 ? <p className="notice">{t.attachmentsSaved(r.saved)}</p> : null}
          {r.attachmentErrors.map((message) => (
            <p key={message} className="form-error" role="alert">
              {message}
            </p>
          ))}
          <p className="form-actions">
            <a className="button primary" href={`/status?number=${encodeURIComponent(r.number)}`}>
              {t.checkStatus}
            </a>
            <a href="/report">{t.another}</a>
          </p>
        </section>
      </PublicLayout>
    );
  }

  const values = result && "values" in result ? result.values : null;
  const error = result && "error" in result ? result.error : null;
  // Re-mount the form with the submitted values after an error (no-JS posts re-render anyway).
  const formKey = values ? JSON.stringify(values) : "blank";
  return (
    <PublicLayout current="report">
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      {error ? (
        <p className="form-error" role="alert">
          {error.message}
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="form-stack panel" key={formKey}>
        <label>
          {t.requestType}
          <select name="requestType" required defaultValue={values?.requestType || "complaint"}>
            {t.requestTypeOrder.map((type) => (
              <option key={type} value={type}>
                {words[type]}
              </option>
            ))}
          </select>
        </label>
        <p className="muted small">{t.reportNote}</p>
        <label>
          {t.category}
          <select name="categoryId" defaultValue={values?.categoryId ?? ""}>
            <option value="">{t.categoryUnsure}</option>
            {groupCategories(categories).map(([group, items]) =>
              group ? (
                <optgroup key={group} label={group}>
                  {items.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </optgroup>
              ) : (
                items.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))
              ),
            )}
          </select>
        </label>
        <label>
          {t.titleLabel}
          <input name="title" maxLength={100} defaultValue={values?.title} aria-describedby="title-hint" />
          <span id="title-hint" className="muted small">
            {t.titleHint}
          </span>
        </label>
        <label>
          {t.description}
          <textarea name="description" rows={7} required minLength={5} maxLength={5000} defaultValue={values?.description} aria-describedby="description-hint" />
          <span id="description-hint" className="muted small">
            {t.descriptionHint}
          </span>
        </label>
        <label>
          {t.address}
          <input name="address" maxLength={200} defaultValue={values?.address} autoComplete="street-address" />
        </label>
        <div className="form-grid">
          <label>
            {t.name}
            <input name="name" maxLength={40} defaultValue={values?.name} autoComplete="name" />
          </label>
          <label>
            {t.phone}
            <input name="phone" type="tel" maxLength={20} defaultValue={values?.phone} autoComplete="tel" aria-describedby="phone-hint" />
            <span id="phone-hint" className="muted small">
              {t.phoneHint}
            </span>
          </label>
        </div>
        <label className="checkbox">
          <input type="checkbox" name="anonymous" defaultChecked={values?.anonymous} />
          {t.anonymous}
        </label>
        <label>
          {t.files}
          <input type="file" name={FILE_FIELD} multiple accept="image/jpeg,image/png,image/webp,application/pdf" aria-describedby="files-hint" />
          <span id="files-hint" className="muted small">
            {t.filesHint(maxFiles, maxMb)}
          </span>
        </label>
        <div aria-hidden="true" className="honeypot">
          <label>
            {t.honeypot}
            <input type="text" name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" defaultValue="" />
          </label>
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {t.submit}
          </button>
        </div>
      </Form>
    </PublicLayout>
  );
}

function groupCategories<C extends { groupName: string | null }>(categories: C[]): [string | null, C[]][] {
  const groups = new Map<string | null, C[]>();
  for (const c of categories) groups.set(c.groupName, [...(groups.get(c.groupName) ?? []), c]);
  return [...groups.entries()];
}
