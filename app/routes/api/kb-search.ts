import type { LoaderFunctionArgs } from "@remix-run/node";
import { ARTICLE_TYPES, type ArticleType } from "~/db/schema";
import { MAX_LIMIT, MAX_QUERY_LENGTH, type SearchFilters } from "~/search/backend";
import { jsonProblem } from "~/app/api.server";

/**
 * GET /api/kb/search?q=…&limit=10[&offset=0][&type=faq,service_guide][&department=名称]
 * → { hits: [{ id, externalId, title, department, snippet, score }], total, took_ms, backend }
 *
 * Anonymous callers search public, published articles only (the backend enforces it); signed-in
 * staff also see internal ones. `snippet` is HTML-escaped text with matches in <mark>.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").trim();
  if (!q) return jsonProblem(400, "q_required", "请输入要查询的内容（参数 q）。");
  if ([...q].length > MAX_QUERY_LENGTH) return jsonProblem(400, "q_too_long", `查询内容不能超过 ${MAX_QUERY_LENGTH} 个字。`);
  const limit = intParam(url, "limit", 10);
  const offset = intParam(url, "offset", 0);
  if (limit === null || limit < 1 || limit > MAX_LIMIT) return jsonProblem(400, "limit_invalid", `limit 须为 1–${MAX_LIMIT} 的整数。`);
  if (offset === null || offset < 0 || offset > 10_000) return jsonProblem(400, "offset_invalid", "offset 须为 0–10000 的整数。");

  const filters: SearchFilters = {};
  const types = listParam(url, "type");
  if (types.length) {
    if (!types.every((t): t is ArticleType => (ARTICLE_TYPES as readonly string[]).includes(t))) {
      return jsonProblem(400, "type_invalid", `type 须为 ${ARTICLE_TYPES.join("、")} 之一。`);
    }
    filters.types = types as ArticleType[];
  }
  const departments = listParam(url, "department");
  if (departments.length) filters.departmentNames = departments;

  const result = await context.services.search.search.search({
    q,
    audience: context.auth.user ? "staff" : "public",
    filters,
    limit,
    offset,
  });
  return Response.json(
    { hits: result.hits, total: result.total, took_ms: result.tookMs, backend: result.backend },
    { headers: { "Cache-Control": context.auth.user ? "private, no-store" : "no-store" } },
  );
}


function intParam(url: URL, name: string, fallback: number): number | null {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return fallback;
  return /^\d{1,6}$/.test(raw) ? Number(raw) : null;
}

function listParam(url: URL, name: string): string[] {
  return url.searchParams
    .getAll(name)
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean)
    .slice(0, 20);
}
