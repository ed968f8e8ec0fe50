import type { LoaderFunctionArgs } from "@remix-run/node";
import { open311Error, open311Handler, open311Json, parseJsonSegment, requestOf, t311 } from "~/app/open311.server";
import { getPublicRequest } from "~/domain/public-requests";

/** GET /open311/v2/requests/{service_request_id}.json — one request (our ticket number), as a one-element array. */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  return open311Handler(context, request, async () => {
    const segment = parseJsonSegment(params.file);
    if ("response" in segment) return segment.response;
    const found = /^[A-Za-z0-9-]{1,40}$/.test(segment.id) ? await getPublicRequest(context.services.db, segment.id) : null;
    if (!found) return open311Error(404, t311.requestNotFound(segment.id.slice(0, 40)));
    return open311Json([requestOf(found)]);
  });
}
