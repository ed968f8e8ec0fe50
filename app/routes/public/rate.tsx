import { type ActionFunctionArgs, data, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { clientKey, domainErrorText, tooManyRequests } from "~/app/citizen.server";
import { PublicLayout } from "~/app/components/public-layout";
import { FormError } from "~/app/components/form-error";
import { LevelField, ResolvedField } from "~/app/components/ticket-rating-panel";
import { formText, readForm } from "~/app/form.server";
import { messages } from "~/app/i18n";
import { formLevel, formResolved } from "~/app/ratings.server";
import ratingsStylesheet from "~/app/styles/ratings.css?url";
import { DomainError } from "~/domain/errors";
import { checkRateLimit } from "~/domain/rate-limit";
import { rateByLink, ratingLinkTarget } from "~/domain/ratings/rating-link";

const t = messages.ratings.ratePage;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: ratingsStylesheet }];
export const meta: MetaFunction = () => [{ title: `${t.title} · ${messages.citizen.layout.hotlineName}` }];

/** Retry-After of a 429 and the no-store header reach the page response. */
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => {
  const merged = new Headers(loaderHeaders);
  actionHeaders.forEach((value, name) => merged.set(name, value));
  return merged;
};

type View = { kind: "invalid" } | { kind: "closed" | "thanks"; number: string } | { kind: "form"; number: string; title: string; reply: string | null };
const noStore = { "Cache-Control": "private, no-store" };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { db, clock } = context.services;
  let target;
  try {
    target = await ratingLinkTarget(db, clock, params.token ?? "");
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) return data<View>({ kind: "invalid" }, { status: 404, headers: noStore });
    throw error;
  }
  if (new URL(request.url).searchParams.has("thanks")) return data<View>({ kind: "thanks", number: target.number }, { headers: noStore });
  if (!target.open) return data<View>({ kind: "closed", number: target.number }, { status: 409, headers: noStore });
  return data<View>({ kind: "form", number: target.number, title: target.title, reply: target.reply }, { headers: noStore });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { db, clock } = context.services;
  const token = params.token ?? "";
  const limit = await checkRateLimit(db, clock, "citizen.rating.ip", clientKey(context));
  if (!limit.allowed) return tooManyRequests(limit, (message) => ({ error: { message, code: "rate_limited" } }));
  const form = await readForm(request);
  const comment = formText(form, "comment");
  try {
    await rateByLink({ db, clock, ip: context.ip }, token, { level: formLevel(form), resolved: formResolved(form), comment: comment || null });
  } catch (error) {
    if (error instanceof DomainError) return data({ error: { message: domainErrorText(error), code: error.code } }, { status: error.status });
    throw error;
  }
  return redirect(`/rate/${encodeURIComponent(token)}?thanks=1`);
}

export default function RatePage() {
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const words = messages.ratings;
  // The link stopped being valid between showing the form and posting it.
  const closedNow = actionData?.error.code === "rating_link_closed" || actionData?.error.code === "rating_link_invalid";
  return (
    <PublicLayout current="status">
      {view.kind === "invalid" ? (
        <>
          <h1>{t.invalidTitle}</h1>
          <p>{t.invalid}</p>
        </>
      ) : view.kind === "thanks" ? (
        <>
          <h1>{t.thanksTitle}</h1>
          <p role="status">{t.thanks}</p>
          <p className="muted">
            {t.ticket}：{view.number}
          </p>
        </>
      ) : view.kind === "closed" || view.kind !== "form" || closedNow ? (
        <>
          <h1>{t.closedTitle}</h1>
          <p>{t.closed}</p>
        </>
      ) : (
        <>
          <h1>{t.title}</h1>
          <p>{t.intro(view.number)}</p>
          <section className="panel" aria-labelledby="rated-ticket">
            <h2 id="rated-ticket">
              {view.number} · {view.title}
            </h2>
            <h3>{t.reply}</h3>
            <p className="pre-wrap">{view.reply ?? "—"}</p>
          </section>
          <Form method="post" className="panel rate-form">
            <div className="form-stack">
              <LevelField />
              <ResolvedField />
              <label>
                {words.fields.comment}
                <textarea name="comment" maxLength={1000} rows={3} aria-describedby="comment-hint" />
                <span id="comment-hint" className="muted small hint">
                  {t.commentHint}
                </span>
              </label>
              <FormError error={actionData?.error ?? null} />
              <div>
                <button type="submit" className="button primary" disabled={busy}>
                  {t.submit}
                </button>
              </div>
            </div>
          </Form>
        </>
      )}
    </PublicLayout>
  );
}
