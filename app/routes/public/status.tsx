import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { clientKey, tooManyRequests } from "~/app/citizen.server";
import { PublicLayout } from "~/app/components/public-layout";
import { formatDateTime, messages } from "~/app/i18n";
import { getPublicTicketStatus } from "~/domain/tickets/queries";
import { ratingLinkToken } from "~/domain/ratings/rating-link";
import { checkRateLimit } from "~/domain/rate-limit";

const t = messages.citizen.status;

export const meta: MetaFunction = () => [{ title: `${t.title} · ${messages.citizen.layout.hotlineName}` }];

/** Retry-After and Cache-Control set by the loader reach the page response. */
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

type Status = NonNullable<Awaited<ReturnType<typeof getPublicTicketStatus>>>["status"];
type LoaderResult = { number: string; status: Status | null; error: string | null; rateToken?: string | null };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { services } = context;
  const url = new URL(request.url);
  const number = (url.searchParams.get("number") ?? "").trim().slice(0, 40);
  const code = (url.searchParams.get("code") ?? "").trim().slice(0, 20);
  // The form itself (a receipt links here with the number filled in).
  if (!url.searchParams.has("code")) return data<LoaderResult>({ number, status: null, error: null });
  if (!number || !code) return data<LoaderResult>({ number, status: null, error: t.missing }, { status: 400 });

  // The look-up runs beside the rate-limit hit and its answer is withheld when the limit is
  // reached: two round trips to the database one after the other instead of four.
  const [limit, found] = await Promise.all([
    checkRateLimit(services.db, services.clock, "citizen.status.ip", clientKey(context)),
    getPublicTicketStatus(services.db, number, code),
  ]);
  if (!limit.allowed) return tooManyRequests(limit, (message): LoaderResult => ({ number, status: null, error: message }));
  // Unknown number and wrong code get the same answer, so numbers cannot be probed.
  if (!found) return data<LoaderResult>({ number, status: null, error: t.notFound }, { status: 404 });
  const { ticket, status } = found;
  // Replied and awaiting a rating: the same signed link the reply SMS carries.
  const rateToken = ticket.state === "replied" ? await ratingLinkToken(services.db, services.clock.now(), ticket.id, ticket.round) : null;
  return data<LoaderResult>({ number, status, error: null, rateToken }, { headers: { "Cache-Control": "private, no-store" } });
}

export default function StatusPage() {
  const { number, status, error, rateToken } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const words = messages.tickets;
  const eventLabel = (action: string) => (words.events as Record<string, string>)[action] ?? action;
  return (
    <PublicLayout current="status">
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <Form method="get" className="form-inline panel">
        <label>
          {t.number}
          <input name="number" required maxLength={40} defaultValue={number} inputMode="numeric" autoComplete="off" />
        </label>
        <label>
          {t.queryCode}
          <input name="code" required maxLength={20} inputMode="numeric" autoComplete="off" />
        </label>
        <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
          {t.submit}
        </button>
      </Form>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {status ? (
        <section className="panel" aria-labelledby="status-title">
          <h2 id="status-title">
            {status.number} · {status.title}
          </h2>
          <dl className="facts">
            <dt>{t.requestType}</dt>
            <dd>{words.requestTypes[status.requestType]}</dd>
            <dt>{t.state}</dt>
            <dd>
              <strong data-testid="ticket-state">{words.states[status.state]}</strong>
            </dd>
            <dt>{t.createdAt}</dt>
            <dd>{formatDateTime(status.createdAt)}</dd>
          </dl>
          <h3>{t.timeline}</h3>
          <ol>
            {status.timeline.map((entry, i) => (
              <li key={i}>
                <span className="muted">{formatDateTime(entry.at)}</span> {eventLabel(entry.action)}（{words.states[entry.state]}）
              </li>
            ))}
          </ol>
          <h3>{t.reply}</h3>
          {status.reply ? (
            <>
              <p className="pre-wrap">{status.reply}</p>
              <p className="muted small">
                {t.repliedAt}：{formatDateTime(status.repliedAt)}
              </p>
            </>
          ) : status.closingNote ? (
            <p className="pre-wrap">
              {t.closingNote}：{status.closingNote}
            </p>
          ) : (
            <p className="muted">{t.noReply}</p>
          )}
          {rateToken ? (
            <p className="notice">
              {messages.ratings.ratePage.statusHint}{" "}
              <a className="button primary" href={`/rate/${rateToken}`}>
                {messages.ratings.ratePage.statusLink}
              </a>
            </p>
          ) : null}
        </section>
      ) : null}
      <p>
        <a href="/report">{t.reportAnother}</a>
      </p>
    </PublicLayout>
  );
}
