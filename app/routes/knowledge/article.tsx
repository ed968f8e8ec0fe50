import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ArticleView } from "~/app/components/knowledge/article-view";
import { FormError } from "~/app/components/form-error";
import { formText, handleDomainErrors, orNotFound, readForm, routeIntParam } from "~/app/form.server";
import { formatDateTime, messages } from "~/app/i18n";
import { requireKnowledgeContext } from "~/app/knowledge.server";
import { renderMarkdown } from "~/app/markdown.server";
import stylesheet from "~/app/styles/knowledge.css?url";
import { allowedArticleTransitions, canViewArticle } from "~/domain/knowledge/access";
import { ARTICLE_TRANSITIONS, type ArticleTransition, canEditArticle, changeArticleStatus, getArticle } from "~/domain/knowledge/articles";
import { isReviewOverdue, reviewToday } from "~/domain/knowledge/review-dates";

const k = messages.knowledge;
const t = k.pages.article;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.article.title ?? k.pages.list.title} · ${messages.appShortName}` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { db, clock, actor } = requireKnowledgeContext(request, context);
  const article = await orNotFound(getArticle(db, { id: routeIntParam(params.id) }));
  // An article the user may not read is as absent as one that does not exist.
  if (!canViewArticle(actor, article)) throw new Response("Not Found", { status: 404 });
  // The search columns are the index's business, not the page's.
  const { body, searchVector: _v, searchTitle: _t, searchLength: _l, searchTraits: _tr, ...rest } = article;
  return {
    article: rest,
    bodyHtml: renderMarkdown(body),
    needsReview: isReviewOverdue(article, reviewToday(clock.now())),
    canEdit: canEditArticle(actor, article),
    transitions: allowedArticleTransitions(actor, article),
  };
}

/** Status changes (提交审核, 发布, 退回, 归档, 恢复): the domain checks who may and from which state. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = requireKnowledgeContext(request, context);
  const id = routeIntParam(params.id);
  const form = await readForm(request);
  const intent = formText(form, "intent");
  if (!(intent in ARTICLE_TRANSITIONS)) throw new Response("Bad Request", { status: 400 });
  return handleDomainErrors(async () => {
    const article = await changeArticleStatus(ctx, id, intent as ArticleTransition, formText(form, "note"));
    return { changed: article.status };
  });
}

export default function KnowledgeArticlePage() {
  const { article, bodyHtml, needsReview, canEdit, transitions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData && "error" in actionData ? actionData.error : null;
  const busy = useNavigation().state === "submitting";
  const m = t.meta;
  return (
    <>
      <p className="small">
        <Link to="/knowledge">{t.backToList}</Link>
      </p>
      <div className="toolbar">
        <h1>
          {article.title}
          {needsReview ? <span className="badge warn">{k.pages.list.needsReview}</span> : null}
        </h1>
        <div className="form-actions">
          <Link to={`/knowledge/${article.id}/history`} className="button">
            {t.history}
          </Link>
          {canEdit ? (
            <Link to={`/knowledge/${article.id}/edit`} className="button primary">
              {t.edit}
            </Link>
          ) : null}
        </div>
      </div>
      {needsReview ? (
        <p className="form-error" role="status">
          {t.reviewOverdue}
        </p>
      ) : null}
      {actionData && "changed" in actionData ? (
        <p className="notice" role="status">
          {t.changed}
        </p>
      ) : null}
      <dl className="facts article-meta">
        <dt>{k.pages.list.type}</dt>
        <dd>{k.types[article.type]}</dd>
        <dt>{m.department}</dt>
        <dd>{article.departmentName ?? k.pages.list.noDepartment}</dd>
        <dt>{m.status}</dt>
        <dd>
          <span className={`article-status ${article.status}`}>{k.statuses[article.status]}</span>
        </dd>
        <dt>{m.visibility}</dt>
        <dd>{k.visibilities[article.visibility]}</dd>
        <dt>{m.reviewBy}</dt>
        <dd>{article.reviewBy ?? "—"}</dd>
        <dt>{m.version}</dt>
        <dd>{article.version}</dd>
        <dt>{m.updatedAt}</dt>
        <dd>{formatDateTime(article.updatedAt)}</dd>
        {article.publishedAt ? (
          <>
            <dt>{m.publishedAt}</dt>
            <dd>{formatDateTime(article.publishedAt)}</dd>
          </>
        ) : null}
      </dl>
      {transitions.length > 0 ? (
        <section className="panel" aria-labelledby="transitions-title">
          <h2 id="transitions-title">{t.actionsTitle}</h2>
          <FormError error={error} />
          <Form method="post" className="form-inline">
            <label>
              {t.note}
              <input name="note" maxLength={1000} autoComplete="off" />
            </label>
            {transitions.map((transition) => (
              <button key={transition} type="submit" name="intent" value={transition} className={`button${transition === "publish" ? " primary" : ""}`} disabled={busy}>
                {k.transitions[transition]}
              </button>
            ))}
          </Form>
        </section>
      ) : null}
      <ArticleView guide={article.guide} bodyHtml={bodyHtml} />
    </>
  );
}
