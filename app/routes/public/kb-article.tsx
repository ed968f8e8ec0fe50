import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ArticleView } from "~/app/components/knowledge/article-view";
import { PublicLayout } from "~/app/components/public-layout";
import { orNotFound, routeIntParam } from "~/app/form.server";
import { formatDateTime, messages } from "~/app/i18n";
import { renderMarkdown } from "~/app/markdown.server";
import stylesheet from "~/app/styles/knowledge.css?url";
import { isPublicArticle } from "~/domain/knowledge/access";
import { getArticle } from "~/domain/knowledge/articles";

const k = messages.knowledge;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? k.pages.public.title} · ${messages.citizen.layout.hotlineName}` }];

/** /kb/:id: one article for citizens; internal, unpublished and archived articles do not exist here. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const article = await orNotFound(getArticle(context.services.db, { id: routeIntParam(params.id) }));
  if (!isPublicArticle(article)) throw new Response("Not Found", { status: 404 });
  return {
    title: article.title,
    type: article.type,
    department: article.departmentName,
    updatedAt: article.updatedAt,
    guide: article.guide,
    bodyHtml: renderMarkdown(article.body),
  };
}

export default function PublicArticlePage() {
  const article = useLoaderData<typeof loader>();
  return (
    <PublicLayout current="kb">
      <p className="small">
        <Link to="/kb">{k.pages.public.back}</Link>
      </p>
      <h1>{article.title}</h1>
      <p className="muted small">
        {k.types[article.type]}
        {article.department ? ` · ${article.department}` : ""} · {formatDateTime(article.updatedAt)}
      </p>
      <ArticleView guide={article.guide} bodyHtml={article.bodyHtml} />
    </PublicLayout>
  );
}
