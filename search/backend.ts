import type { ArticleStatus, ArticleType, ArticleVisibility } from "~/db/schema";
import type { SearchDocument } from "./documents";

/**
 * Who is searching. `public` (a citizen, an anonymous API caller) only ever reaches published,
 * public articles: every backend enforces that itself, whatever filters are passed.
 * `staff` may see internal articles and, when asked, unpublished ones.
 */
export type SearchAudience = "public" | "staff";

export interface SearchFilters {
  types?: readonly ArticleType[];
  /** Owner department ids. */
  departmentIds?: readonly number[];
  /** Department names (imported articles may carry a name without an owner department). */
  departmentNames?: readonly string[];
  visibilities?: readonly ArticleVisibility[];
  /** Default: published only. Ignored for the public audience. */
  statuses?: readonly ArticleStatus[];
}

export interface SearchRequest {
  q: string;
  audience: SearchAudience;
  filters?: SearchFilters;
  /** 1–100, default 10. */
  limit?: number;
  offset?: number;
}

export interface SearchHit {
  id: number;
  externalId: string | null;
  title: string;
  department: string | null;
  /** HTML-escaped text with the matched words in <mark>…</mark>. */
  snippet: string;
  /** Higher is better; comparable within one result list only. */
  score: number;
}

export type BackendName = "postgres" | "meilisearch";

export interface SearchResult {
  hits: SearchHit[];
  /** All matches, for paging. Meilisearch's figure is its estimate. */
  total: number;
  tookMs: number;
  backend: BackendName;
}

export interface SearchBackend {
  readonly name: BackendName;
  /** Brings the index up to date for these documents (insert or replace). */
  index(documents: readonly SearchDocument[]): Promise<void>;
  /** Takes articles out of the index. */
  remove(ids: readonly number[]): Promise<void>;
  search(request: SearchRequest): Promise<SearchResult>;
}

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;
/** Longer queries are refused (400 at the API); nobody types more into a search box. */
export const MAX_QUERY_LENGTH = 200;

/** The filters a request really gets: the public audience is pinned to public + published. */
export function effectiveFilters(request: SearchRequest): Required<Pick<SearchFilters, "statuses" | "visibilities">> & SearchFilters {
  const filters = request.filters ?? {};
  if (request.audience === "public") {
    return { ...filters, visibilities: ["public"], statuses: ["published"] };
  }
  return {
    ...filters,
    visibilities: filters.visibilities?.length ? filters.visibilities : ["public", "internal"],
    statuses: filters.statuses?.length ? filters.statuses : ["published"],
  };
}

export function clampPage(request: SearchRequest): { limit: number; offset: number } {
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(request.limit ?? DEFAULT_LIMIT)));
  const offset = Math.max(0, Math.floor(request.offset ?? 0));
  return { limit, offset };
}
