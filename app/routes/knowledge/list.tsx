import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FilterSelect } from "~/app/components/filter-select";
import { Pagination } from "~/app/components/pagination";
import { pageFromUrl } from "~/app/form.server";
import { formatDateTime, messages } from "~/app/i18n";
import { requireKnowledgeContext } from "~/app/knowledge.server";
import { oneOf, positiveId } from "~/app/query-params.server";
import stylesheet from "~/app/styles/knowledge.css?url";
import { ARTICLE_STATUSES, ARTICLE_TYPES, ARTICLE_VISIBILITIES } from "~/db/schema";
import { listDepartments } from "~/domain/departments";
import { canCreateArticles, editorDepartmentOf, scopeArticleList } from "~/domain/knowledge/access";
import { isKnowledgeReviewer, listArticles, listArticlesByIds, listOverdueReviews } from "~/domain/knowledge/articles";
import { isReviewOverdue, reviewToday } from "~/domain/knowledge/review-dates";
import { MAX_QUERY_LENGTH } from "~/search/backend";

const PAGE_SIZE = 20;
const k = messages.knowledge;
const t = k.pages.list;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = () => [{ title: `${t.title} · ${messages.appShortName}` }];

/**
 * /knowledge: every staff member searches and browses; what they see is narrowed by the domain
 * (drafts only for their editors and the reviewers). With `q` the list is the search backend's
 * ranking with highlighted snippets; without it, newest changes first.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db, clock, actor } = requireKnowledgeContext(request, context);
  const url = new URL(request.url);
  const q = [...(url.searchParams.get("q") ?? "").trim()].slice(0, MAX_QUERY_LENGTH).join("");
  const type = oneOf(ARTICLE_TYPES, url.searchParams.get("type"));
  const visibility = oneOf(ARTICLE_VISIBILITIES, url.searchParams.get("visibility"));
  const reviewDue = url.searchParams.get("review") === "due";
  const scope = scopeArticleList(actor, {
    status: oneOf(ARTICLE_STATUSES, url.searchParams.get("status")),
    departmentId: positiveId(url.searchParams.get("department")),
  });
  const page = pageFromUrl(url, PAGE_SIZE);
  const today = reviewToday(clock.now());
  const reviewer = isKnowledgeReviewer(actor);
  const ownDepartment = editorDepartmentOf(actor);

  const listing = q ? await searchPage() : await listArticles(db, { ...scope, type, visibility, reviewDueBy: reviewDue ? today : undefined }, page);
  async function searchPage() {
    const result = await context.services.search.search.search({
      q,
      audience: "staff",
      filters: {
        types: type ? [type] : undefined,
        visibilities: visibility ? [visibility] : undefined,
        departmentIds: scope.departmentId ? [scope.departmentId] : undefined,
        statuses: scope.statuses,
      },
      limit: page.limit,
      offset: page.offset,
    });
    const rows = await listArticlesByIds(db, result.hits.map((h) => h.id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return {
      rows: result.hits.flatMap((hit) => {
        const row = byId.get(hit.id);
        return row ? [{ ...row, snippet: hit.snippet }] : [];
      }),
      total: result.total,
    };
  }

  // Overdue reviews are flagged to the people who can act on them: the owner department's
  // editors (their department's) and the reviewers (all of them).
  const overdue = reviewer || ownDepartment !== null ? await listOverdueReviews(db, { departmentId: reviewer ? null : ownDepartment, today }) : [];
  const departments = await listDepartments(db);
  return {
    q,
    params: {
      type: type ?? "",
      visibility: visibility ?? "",
      status: url.searchParams.get("status") ?? "",
      department: scope.departmentId ? String(scope.departmentId) : "",
      reviewDue,
    },
    rows: listing.rows.map((row) => ({
      ...row,
      snippet: "snippet" in row ? row.snippet : null,
      needsReview: isReviewOverdue(row, today),
    })),
    total: listing.total,
    page: page.page,
    overdue: overdue.slice(0, 10),
    overdueCount: overdue.length,
    ownDepartment,
    canFilterStatus: reviewer || ownDepartment !== null,
    canCreate: canCreateArticles(actor),
    canEditSynonyms: reviewer,
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
  };
}

export default function KnowledgeListPage() {
  const data = useLoaderData<typeof loader>();
  const { params } = data;
  return (
    <>
      <div className="toolbar">
        <h1>{t.title}</h1>
        <div className="form-actions">
          <a href="/kb" className="button link" target="_blank" rel="noreferrer">
            {t.publicLink}
          </a>
          {data.canEditSynonyms ? (
            <Link to="/knowledge/synonyms" className="button">
              {t.synonyms}
            </Link>
          ) : null}
          {data.canCreate ? (
            <Link to="/knowledge/new" className="button primary">
              {t.newArticle}
            </Link>
          ) : null}
        </div>
      </div>
      {data.overdueCount > 0 ? <OverdueReviews overdue={data.overdue} count={data.overdueCount} ownDepartment={data.ownDepartment} /> : null}
      <Form method="get" className="filters" role="search" aria-label={t.title}>
        <label className="search-field">
          {t.searchLabel}
          <input type="search" name="q" defaultValue={data.q} maxLength={200} placeholder={k.search.placeholder} />
        </label>
        <FilterSelect name="type" label={t.type} value={params.type} options={ARTICLE_TYPES} labels={k.types} />
        <label>
          {t.department}
          <select name="department" defaultValue={params.department}>
            <option value="">{messages.common.all}</option>
            {data.departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        {data.canFilterStatus ? <FilterSelect name="status" label={t.status} value={params.status} options={ARTICLE_STATUSES} labels={k.statuses} /> : null}
        <FilterSelect name="visibility" label={t.visibility} value={params.visibility} options={ARTICLE_VISIBILITIES} labels={k.visibilities} />
        {data.canFilterStatus ? (
          <label className="checkbox">
            <input type="checkbox" name="review" value="due" defaultChecked={params.reviewDue} />
            {t.reviewDue}
          </label>
        ) : null}
        <button type="submit" className="button">
          {messages.common.search}
        </button>
        <Link to="/knowledge" className="button">
          {messages.common.reset}
        </Link>
      </Form>
      {data.q ? <p className="muted small">{k.search.resultCount(data.total)}</p> : null}
      {data.rows.length === 0 ? (
        <div className="empty-state">{data.q ? t.emptySearch : t.empty}</div>
      ) : (
        <table className="data-table article-table">
          <thead>
            <tr>
              <th scope="col">{t.columns.title}</th>
              <th scope="col">{t.columns.type}</th>
              <th scope="col">{t.columns.department}</th>
              <th scope="col">{t.columns.status}</th>
              <th scope="col">{t.columns.visibility}</th>
              <th scope="col">{t.columns.reviewBy}</th>
              <th scope="col">{t.columns.updatedAt}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <Link to={`/knowledge/${row.id}`}>{row.title}</Link>
                  {row.needsReview ? <span className="badge warn">{t.needsReview}</span> : null}
                  {/* Snippets come from search/snippet.ts: HTML-escaped text with <mark> around matches. */}
                  {row.snippet ? <p className="snippet small" dangerouslySetInnerHTML={{ __html: row.snippet }} /> : null}
                </td>
                <td className="nowrap">{k.types[row.type]}</td>
                <td>{row.departmentName ?? t.noDepartment}</td>
                <td className="nowrap">
                  <span className={`article-status ${row.status}`}>{k.statuses[row.status]}</span>
                </td>
                <td className="nowrap">{k.visibilities[row.visibility]}</td>
                <td className="nowrap">{row.reviewBy ?? "—"}</td>
                <td className="nowrap">{formatDateTime(row.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={data.page} pageSize={PAGE_SIZE} total={data.total} />
    </>
  );
}

function OverdueReviews({ overdue, count, ownDepartment }: { overdue: { id: number; title: string; reviewBy: string | null }[]; count: number; ownDepartment: number | null }) {
  const allHref = `/knowledge?review=due${ownDepartment ? `&department=${ownDepartment}` : ""}`;
  return (
    <section className="panel overdue-reviews" aria-labelledby="overdue-title">
      <h2 id="overdue-title">
        {t.overdueTitle(count)} <span className="badge warn">{t.needsReview}</span>
      </h2>
      <p className="muted small">{t.overdueHint}</p>
      <ul>
        {overdue.map((a) => (
          <li key={a.id}>
            <Link to={`/knowledge/${a.id}`}>{a.title}</Link> <span className="muted small">{a.reviewBy}</span>
          </li>
        ))}
      </ul>
      <Link to={allHref}>{t.overdueAll}</Link>
    </section>
  );
}
