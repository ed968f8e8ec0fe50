import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { Pagination } from "~/app/components/pagination";
import { PublicLayout } from "~/app/components/public-layout";
import { pageFromUrl } from "~/app/form.server";
import { messages } from "~/app/i18n";
import stylesheet from "~/app/styles/knowledge.css?url";
import { MAX_QUERY_LENGTH } from "~/search/backend";

const PAGE_SIZE = 10;
const k = messages.knowledge;
const t = k.pages.public;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = () => [{ title: `${t.title} · ${messages.citizen.layout.hotlineName}` }];

/**
 * /kb: the citizens' knowledge base, no sign-in. Searches with the public audience, which every
 * search backend pins to published, public articles whoever is signed in on this browser.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const q = [...(url.searchParams.get("q") ?? "").trim()].slice(0, MAX_QUERY_LENGTH).join("");
  const page = pageFromUrl(url, PAGE_SIZE);
  if (!q) return { q, hits: [], total: 0, page: page.page };
  const result = await context.services.search.search.search({ q, audience: "public", limit: page.limit, offset: page.offset });
  return {
    q,
    hits: result.hits.map((h) => ({ id: h.id, title: h.title, department: h.department, snippet: h.snippet })),
    total: result.total,
    page: page.page,
  };
}

export default function PublicKnowledgeBasePage() {
  const { q, hits, total, page } = useLoaderData<typeof loader>();
  const searching = useNavigation().state === "loading";
  return (
    <PublicLayout current="kb">
      <h1>{t.title}</h1>
      <p className="muted">{t.lead}</p>
      <Form method="get" role="search" className="kb-search-form">
        <label>
          {t.searchLabel}
          <input type="search" name="q" defaultValue={q} maxLength={MAX_QUERY_LENGTH} placeholder={k.search.placeholder} autoFocus={!q} />
        </label>
        <button type="submit" className="button primary" disabled={searching}>
          {t.search}
        </button>
      </Form>
      {!q ? (
        <p className="muted">{t.prompt}</p>
      ) : hits.length === 0 ? (
        <div className="empty-state">{k.search.noResults}</div>
      ) : (
        <>
          <p className="muted small">{k.search.resultCount(total)}</p>
          <ol className="kb-results">
            {hits.map((hit) => (
              <li key={hit.id}>
                <Link to={`/kb/${hit.id}`} className="kb-result-title">
                  {hit.title}
                </Link>
                {hit.department ? <span className="muted small"> · {hit.department}</span> : null}
                {/* search/snippet.ts escapes the text and adds only <mark>. */}
                <p className="snippet" dangerouslySetInnerHTML={{ __html: hit.snippet }} />
              </li>
            ))}
          </ol>
          <Pagination page={page} pageSize={PAGE_SIZE} total={total} />
        </>
      )}
    </PublicLayout>
  );
}
