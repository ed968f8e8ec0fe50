import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { citizenActor, domainErrorText } from "~/app/citizen.server";
import { checkApiKey, open311Error, open311Handler, open311Json, parseDateParam, requestOf, t311 } from "~/app/open311.server";
import { DomainError } from "~/domain/errors";
import { findPublicCategoryByCode, listPublicRequests, type PublicStatus } from "~/domain/public-requests";
import { checkRateLimit } from "~/domain/rate-limit";
import { createTicket } from "~/domain/tickets/create-ticket";

const DAY_MS = 24 * 3600 * 1000;
const MAX_SPAN_MS = 90 * DAY_MS;
const MAX_RESULTS = 1000;
const MAX_IDS = 100;

/**
 * GET /open311/v2/requests.json — requests by the spec's filters: service_request_id (comma list;
 * overrides the others), service_code, start_date, end_date (at most 90 days apart; the last 90
 * days by default), status (open, closed; comma list). At most 1000, newest first.
 */
export function loader({ request, context }: LoaderFunctionArgs) {
  return open311Handler(context, request, async () => {
    const db = context.services.db;
    const params = new URL(request.url).searchParams;
    const ids = params
      .getAll("service_request_id")
      .flatMap((v) => v.split(","))
      .map((v) => v.trim())
      .filter(Boolean);
    if (ids.length > MAX_IDS) return open311Error(400, t311.tooManyIds(MAX_IDS));
    if (ids.length) return open311Json((await listPublicRequests(db, { numbers: ids, limit: MAX_IDS })).map(requestOf));

    const statuses = params
      .getAll("status")
      .flatMap((v) => v.split(","))
      .map((v) => v.trim().toLowerCase())
      .filter(Boolean);
    if (statuses.some((s) => s !== "open" && s !== "closed")) return open311Error(400, t311.badStatus);

    let categoryId: number | undefined;
    const code = params.get("service_code")?.trim();
    if (code) {
      const category = await findPublicCategoryByCode(db, code);
      if (!category) return open311Error(400, t311.serviceCodeUnknown(code.slice(0, 40)));
      categoryId = category.id;
    }

    const start = parseDateParam(params.get("start_date"));
    if (start === null) return open311Error(400, t311.badDate("start_date"));
    const end = parseDateParam(params.get("end_date"));
    if (end === null) return open311Error(400, t311.badDate("end_date"));
    const now = context.services.clock.now();
    const to = end ? new Date(end.getTime() + 1) : start ? new Date(start.getTime() + MAX_SPAN_MS) : new Date(now.getTime() + 1);
    const from = start ?? new Date(to.getTime() - MAX_SPAN_MS);
    if (to.getTime() - from.getTime() > MAX_SPAN_MS + 1) return open311Error(400, t311.dateSpan);

    const rows = await listPublicRequests(db, { categoryId, from, to, statuses: statuses as PublicStatus[], limit: MAX_RESULTS });
    return open311Json(rows.map(requestOf));
  });
}

/** Reads the POST parameters: the form-encoded body, falling back to the query string. */
async function postParams(request: Request): Promise<((name: string) => string) | null> {
  const query = new URL(request.url).searchParams;
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  let body: FormData | null = null;
  if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
    // A malformed or truncated body (a multipart without boundary, say) is the client's error,
    // answered like a wrong content type, not a 500 (found by tests/http/fuzz.test.ts).
    body = await request.formData().catch(() => null);
    if (!body) return null;
  } else if (request.body && type !== "") {
    return null;
  }
  return (name) => {
    const value = body?.get(name) ?? query.get(name);
    return typeof value === "string" ? value.trim() : "";
  };
}

function coordinate(text: string): number | null | undefined {
  if (text === "") return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** A citizen name from Open311's first/last name: family name first for Chinese names. */
function fullName(first: string, last: string): string | null {
  if (!first && !last) return null;
  const cjk = /[\u3400-\u9fff]/;
  return cjk.test(first + last) ? `${last}${first}` : [first, last].filter(Boolean).join(" ");
}

/** Where a createTicket input error points, in Open311's parameter names. */
const PARAMETER_OF_FIELD: Record<string, string> = {
  description: "description",
  title: "description",
  address: "address_string",
  latitude: "lat",
  longitude: "long",
  citizenName: "first_name",
  citizenPhone: "phone",
};

/**
 * POST /open311/v2/requests.json — creates a ticket (channel open311, a complaint) from a
 * form-encoded request with a valid `api_key`. Name and phone are kept on the ticket but never
 * returned by the API; email, device_id, account_id and media_url are ignored.
 */
export function action({ request, context }: ActionFunctionArgs) {
  return open311Handler(context, request, async () => {
    const { services } = context;
    if (request.method !== "POST") return open311Error(405, t311.methodNotAllowed, { Allow: "GET, POST" });
    const param = await postParams(request);
    if (!param) return open311Error(400, t311.bodyNotForm);
    const keyId = checkApiKey(context, param("api_key"));
    if (!keyId) return open311Error(403, t311.apiKeyInvalid);

    const limit = await checkRateLimit(services.db, services.clock, "open311.post.key", keyId);
    if (!limit.allowed) return open311Error(429, t311.rateLimited(limit.retryAfterSeconds), { "Retry-After": String(limit.retryAfterSeconds) });

    const code = param("service_code");
    if (!code) return open311Error(400, t311.serviceCodeRequired);
    const category = await findPublicCategoryByCode(services.db, code);
    if (!category) return open311Error(400, t311.serviceCodeUnknown(code.slice(0, 40)));

    const lat = coordinate(param("lat"));
    const long = coordinate(param("long"));
    if (lat === null || long === null || (lat === undefined) !== (long === undefined)) return open311Error(400, t311.coordinatesInvalid);
    const address = param("address_string") || param("address_id");
    if (lat === undefined && !address) return open311Error(400, t311.locationRequired);

    const description = param("description");
    const phone = param("phone").replace(/[\s().-]/g, "");
    // The title is the start of the description; a description too short gets its own message.
    const start = [...description.replace(/\s+/g, " ")].slice(0, 30).join("");
    const title = start.length >= 2 ? start : t311.untitled;
    try {
      const ticket = await createTicket(
        { db: services.db, clock: services.clock, actor: citizenActor(context, `open311:${keyId}`) },
        {
          channel: "open311",
          requestType: "complaint",
          categoryId: category.id,
          title,
          description,
          address: address || null,
          latitude: lat ?? null,
          longitude: long ?? null,
          citizenName: phone ? fullName(param("first_name"), param("last_name")) : null,
          citizenPhone: phone || null,
          // No phone: nobody to call back, so the request is taken in anonymously.
          anonymous: !phone,
        },
      );
      return open311Json([{ service_request_id: ticket.number, service_notice: t311.serviceNotice(ticket.number, ticket.queryCode) }]);
    } catch (error) {
      if (error instanceof DomainError && error.status === 400) {
        const parameter = error.field ? PARAMETER_OF_FIELD[error.field] : undefined;
        return open311Error(400, `${parameter ? `${parameter}: ` : ""}${domainErrorText(error)}`);
      }
      throw error;
    }
  });
}
