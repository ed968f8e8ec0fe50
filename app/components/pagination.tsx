import { Link, useLocation } from "@remix-run/react";
import { messages } from "~/app/i18n";

/**
 * Previous / next links that keep the current filters in the query string. `capped`: more than
 * `total` match (the list counted no further), shown as "10000+".
 */
export function Pagination({ page, pageSize, total, capped = false }: { page: number; pageSize: number; total: number; capped?: boolean }) {
  const location = useLocation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const hrefFor = (target: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(target));
    return `${location.pathname}?${params}`;
  };
  return (
    <nav className="pagination" aria-label="分页">
      {page > 1 ? <Link to={hrefFor(page - 1)}>{messages.common.previousPage}</Link> : <span aria-hidden="true" />}
      <span>{messages.common.pageOf(Math.min(page, pages), pages, capped ? `${total}+` : total)}</span>
      {page < pages ? <Link to={hrefFor(page + 1)}>{messages.common.nextPage}</Link> : <span aria-hidden="true" />}
    </nav>
  );
}
