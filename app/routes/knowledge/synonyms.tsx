import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError } from "~/app/components/form-error";
import { formOptionalId, formText, handleDomainErrors, readForm } from "~/app/form.server";
import { messages } from "~/app/i18n";
import { forbidden, requireKnowledgeContext } from "~/app/knowledge.server";
import stylesheet from "~/app/styles/knowledge.css?url";
import { isKnowledgeReviewer } from "~/domain/knowledge/articles";
import { createSynonymGroup, deleteSynonymGroup, listSynonymGroups, parseSynonymTerms, updateSynonymGroup } from "~/domain/knowledge/synonyms";

const t = messages.knowledge.pages.synonyms;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = () => [{ title: `${t.title} · ${messages.appShortName}` }];

/** Synonym groups are administrator data: only the knowledge-base reviewers see this page. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db, actor } = requireKnowledgeContext(request, context);
  if (!isKnowledgeReviewer(actor)) throw forbidden();
  const groups = await listSynonymGroups(db);
  return { groups: groups.map((g) => ({ id: g.id, terms: g.terms.join(" = "), note: g.note ?? "" })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = requireKnowledgeContext(request, context);
  const form = await readForm(request);
  const intent = formText(form, "intent");
  const input = () => ({ terms: parseSynonymTerms(formText(form, "terms")), note: formText(form, "note") });
  const id = () => formOptionalId(form, "id") ?? 0;
  return handleDomainErrors(async () => {
    const result = await apply();
    // The Postgres backend caches the groups for a few seconds; searches should see a change at once.
    context.services.search.postgres.invalidateSynonyms();
    return result;
  });
  async function apply() {
    switch (intent) {
      case "create":
        await createSynonymGroup(ctx, input());
        return { done: t.created, id: null };
      case "update":
        await updateSynonymGroup(ctx, id(), input());
        return { done: t.saved, id: id() };
      case "delete":
        await deleteSynonymGroup(ctx, id());
        return { done: t.deleted, id: null };
      default:
        throw new Response("Bad Request", { status: 400 });
    }
  }
}

export default function SynonymsPage() {
  const { groups } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData && "error" in actionData ? actionData.error : null;
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p className="small">
        <Link to="/knowledge">{messages.knowledge.pages.article.backToList}</Link>
      </p>
      <h1>{t.title}</h1>
      <p className="muted">{t.hint}</p>
      <FormError error={error} />
      {actionData && "done" in actionData ? (
        <p className="notice" role="status">
          {actionData.done}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="new-group-title">
        <h2 id="new-group-title">{t.add}</h2>
        <Form method="post" className="form-inline">
          <input type="hidden" name="intent" value="create" />
          <label className="synonym-terms">
            {t.terms}
            <input name="terms" required placeholder="噪音 = 噪声 = 扰民" autoComplete="off" />
          </label>
          <label>
            {t.note}
            <input name="note" maxLength={200} autoComplete="off" />
          </label>
          <button type="submit" className="button primary" disabled={busy}>
            {t.add}
          </button>
        </Form>
      </section>
      {groups.length === 0 ? (
        <div className="empty-state">{t.empty}</div>
      ) : (
        <ul className="synonym-groups">
          {groups.map((g) => (
            <li key={g.id}>
              <Form method="post" className="form-inline">
                <input type="hidden" name="id" value={g.id} />
                <label className="synonym-terms">
                  {t.terms}
                  <input name="terms" required defaultValue={g.terms} autoComplete="off" />
                </label>
                <label>
                  {t.note}
                  <input name="note" maxLength={200} defaultValue={g.note} autoComplete="off" />
                </label>
                <button type="submit" name="intent" value="update" className="button" disabled={busy}>
                  {t.save}
                </button>
                <button type="submit" name="intent" value="delete" className="button danger" disabled={busy}>
                  {t.delete}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
