import type { AppLoadContext } from "@remix-run/node";
import { matchApiKey } from "~/app/api.server";
import { messages } from "~/app/i18n";
import type { PublicCategory, PublicRequestSummary } from "~/domain/public-requests";

/**
 * Open311 GeoReport v2, JSON only (../shared/data/open311/georeport_v2-1.swagger.yaml). Every
 * answer is JSON; every error is the spec's `[{"code": …, "description": …}]` with the same HTTP
 * status. Reads are public, so they carry only public-safe summaries (domain/public-requests).
 */
export const t311 = messages.citizen.open311;

const JSON_HEADERS = {
  "Content-Type": "application/json; charset=utf-8",
  // Public read-only data: any site may read it; writes need an api_key, never a cookie.
  "Access-Control-Allow-Origin": "*",
  "Cache-Control": "no-store",
};

export function open311Json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: JSON_HEADERS });
}

export function open311Error(status: number, description: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify([{ code: status, description }]), { status, headers: { ...JSON_HEADERS, ...headers } });
}

/**
 * The id in a `{id}.{format}` path segment: `.json` → the id; `.xml` → 400 (JSON only);
 * anything else → 404. Returns a Response to send when the segment is not usable.
 */
export function parseJsonSegment(file: string | undefined): { id: string } | { response: Response } {
  const match = /^(.+)\.([A-Za-z]+)$/.exec(file ?? "");
  const format = match?.[2]?.toLowerCase();
  if (format === "xml") return { response: open311Error(400, t311.onlyJson) };
  if (!match || format !== "json" || !match[1]) return { response: open311Error(404, t311.notFound) };
  return { id: match[1] };
}

/** Runs an Open311 handler; anything unexpected becomes a spec-shaped 500 (and is logged). */
export async function open311Handler(context: AppLoadContext, request: Request, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Response) return error;
    context.services.logger.error("open311 request failed", { method: request.method, path: new URL(request.url).pathname, error });
    return open311Error(500, t311.serverError);
  }
}

/** A `Service` of the spec for one of our leaf categories. */
export function serviceOf(category: PublicCategory) {
  return {
    service_code: category.code,
    service_name: category.name,
    description: category.groupName ? `${category.groupName} / ${category.name}` : category.name,
    metadata: false,
    type: "realtime" as const,
    keywords: [category.groupName, category.name].filter(Boolean).join(", "),
    ...(category.groupName ? { group: category.groupName } : {}),
  };
}

/** A `Request` of the spec: public-safe fields only; absent optional values are left out. */
export function requestOf(summary: PublicRequestSummary) {
  return {
    service_request_id: summary.number,
    status: summary.status,
    ...(summary.reply ? { status_notes: summary.reply } : {}),
    service_name: summary.categoryName,
    service_code: summary.categoryCode,
    description: summary.description,
    ...(summary.agencyName ? { agency_responsible: summary.agencyName } : {}),
    requested_datetime: summary.createdAt.toISOString(),
    updated_datetime: summary.updatedAt.toISOString(),
    ...(summary.address ? { address: summary.address } : {}),
    ...(summary.latitude !== null && summary.longitude !== null ? { lat: summary.latitude, long: summary.longitude } : {}),
  };
}

/** Checks `api_key` against OPEN311_API_KEYS; see matchApiKey. */
export function checkApiKey(context: AppLoadContext, given: string | null): string | null {
  return matchApiKey(context.services.config.open311ApiKeys, given);
}

const ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An ISO 8601 date-time (or date) from a query parameter. Without a zone it is read as hotline
 * local time (UTC+8). Returns undefined when absent and null when malformed.
 */
export function parseDateParam(value: string | null): Date | null | undefined {
  if (value === null || value.trim() === "") return undefined;
  const text = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(text)) return null;
  let normalized = text.replace(" ", "T");
  if (!normalized.includes("T")) normalized += ZONE.test(normalized) ? "" : "T00:00:00";
  if (!ZONE.test(normalized)) normalized += "+08:00";
  const date = new Date(normalized);
  return Number.isNaN(date.getTime()) ? null : date;
}
