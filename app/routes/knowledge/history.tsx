import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { VersionDiff } from "~/app/components/knowledge/version-diff";
import { orNotFound, routeIntParam } from "~/app/form.server";
import { formatDateTime, messages } from "~/app/i18n";
import { diffVersions } from "~/app/knowledge-diff.server";
import { requireKnowledgeContext } from "~/app/knowledge.server";
import { positiveId } from "~/app/query-params.server";
import stylesheet from "~/app/styles/knowledge.css?url";
import { listDepartments } from "~/domain/departments";
import { canViewArticle } from "~/domain/knowledge/access";
import { getArticle, listArticleVersions } from "~/domain/knowledge/articles";

const k = messages.knowledge;
const t = k.pages.history;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? t.title(data.title) : k.pages.list.title} · ${messages.appShortName}` }];

/**
 * Every saved state of an article (edits and status changes), and the word diff between any
 * two of them: ?from=&to= are history entry numbers (1 = the first); by default the last two.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { db, actor } = requireKnowledgeContext(request, context);
  const article = await orNotFound(getArticle(db, { id: routeIntParam(params.id) }));
  if (!canViewArticle(actor, article)) throw new Response("Not Found", { status: 404 });
  const [versions, departments] = await Promise.all([listArticleVersions(db, { articleId: article.id }), listDepartments(db)]);
  const names = new Map(departments.map((d) => [d.id, d.name]));
  const url = new URL(request.url);
  const clamp = (n: number | undefined, fallback: number) => Math.min(versions.length, Math.max(1, n ?? fallback));
  const to = clamp(positiveId(url.searchParams.get("to")), versions.length);
  const from = clamp(positiveId(url.searchParams.get("from")), Math.max(1, to - 1));
  const entry = (n: number) => {
    const v = versions[n - 1]!;
    return { ...v, departmentName: v.departmentId === null ? null : (names.get(v.departmentId) ?? null) };
  };
  return {
    id: article.id,
    title: article.title,
    from,
    to,
    diff: versions.length ? diffVersions(entry(from), entry(to)) : [],
    entries: versions.map((v, i) => ({ n: i + 1, version: v.version, action: v.action, actor: v.actorLabel, at: v.at, status: v.status, note: v.note })),
  };
}

export default function KnowledgeHistoryPage() {
  const { id, title, from, to, diff, entries } = useLoaderData<typeof loader>();
  const c = t.columns;
  return (
    <>
      <p className="small">
        <Link to={`/knowledge/${id}`}>{title}</Link>
      </p>
      <h1>{t.title(title)}</h1>
      <Form method="get">
        <table className="data-table history-table">
          <thead>
            <tr>
              <th scope="col">{c.from}</th>
              <th scope="col">{c.to}</th>
              <th scope="col">#</th>
              <th scope="col">{c.version}</th>
              <th scope="col">{c.action}</th>
              <th scope="col">{c.status}</th>
              <th scope="col">{c.actor}</th>
              <th scope="col">{c.at}</th>
              <th scope="col">{c.note}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.n}>
                <td>
                  <input type="radio" name="from" value={e.n} defaultChecked={e.n === from} aria-label={`${c.from} ${e.n}`} />
                </td>
                <td>
                  <input type="radio" name="to" value={e.n} defaultChecked={e.n === to} aria-label={`${c.to} ${e.n}`} />
                </td>
                <td>{e.n}</td>
                <td>{e.version}</td>
                <td className="nowrap">{t.actions[e.action] ?? e.action}</td>
                <td className="nowrap">{k.statuses[e.status]}</td>
                <td>{e.actor}</td>
                <td className="nowrap">{formatDateTime(e.at)}</td>
                <td>{e.note ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <button type="submit" className="button">
            {t.compare}
          </button>
        </p>
      </Form>
      <section className="panel" aria-labelledby="diff-title">
        <h2 id="diff-title">{t.diffTitle(from, to)}</h2>
        <VersionDiff fields={diff} />
      </section>
    </>
  );
}
