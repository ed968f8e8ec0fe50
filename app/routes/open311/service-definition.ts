import type { LoaderFunctionArgs } from "@remix-run/node";
import { open311Error, open311Handler, open311Json, parseJsonSegment, t311 } from "~/app/open311.server";
import { findPublicCategoryByCode } from "~/domain/public-requests";

/**
 * GET /open311/v2/services/{service_code}.json — a service definition. Our services take no extra
 * attributes (metadata is false), so the list is empty; unknown codes are 404.
 */
export function loader({ request, params, context }: LoaderFunctionArgs) {
  return open311Handler(context, request, async () => {
    const segment = parseJsonSegment(params.file);
    if ("response" in segment) return segment.response;
    const category = await findPublicCategoryByCode(context.services.db, segment.id);
    if (!category) return open311Error(404, t311.serviceCodeUnknown(segment.id));
    return open311Json({ service_code: category.code, attributes: [] });
  });
}
