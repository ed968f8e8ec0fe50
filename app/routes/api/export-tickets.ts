import type { LoaderFunctionArgs } from "@remix-run/node";
import { jsonProblem, matchApiKey } from "~/app/api.server";
import { DomainError } from "~/domain/errors";
import { FEED_MAX_PAGE, readTicketFeed } from "~/domain/export/ticket-feed";

/**
 * GET /api/export/tickets?since=CURSOR[&limit=500] with `X-Api-Key` (EXPORT_API_KEYS)
 * → { "tickets": [{ "number", …, "events": [...] }], "cursor": "…" }
 *
 * For higher-level platforms: start without `since` for the whole history, then pass the returned
 * cursor each time; an empty `tickets` list means caught up. Each change comes exactly once.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const keyId = matchApiKey(context.services.config.exportApiKeys, request.headers.get("x-api-key"));
  if (!keyId) return jsonProblem(401, "api_key_invalid", "缺少或无效的 API 密钥（请求头 X-Api-Key）。", { "WWW-Authenticate": "ApiKey" });
  const url = new URL(request.url);
  const rawLimit = url.searchParams.get("limit");
  const limit = rawLimit === null ? 500 : /^\d{1,4}$/.test(rawLimit) ? Number(rawLimit) : NaN;
  if (!(limit >= 1 && limit <= FEED_MAX_PAGE)) return jsonProblem(400, "limit_invalid", `limit 须为 1–${FEED_MAX_PAGE} 的整数。`);
  try {
    const page = await readTicketFeed(context.services.db, url.searchParams.get("since"), limit);
    context.services.logger.info("export feed read", { key: keyId, tickets: page.tickets.length });
    return Response.json(page, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof DomainError && error.code === "cursor_invalid") return jsonProblem(400, "cursor_invalid", "since 参数不是本接口返回的游标。");
    throw error;
  }
}
