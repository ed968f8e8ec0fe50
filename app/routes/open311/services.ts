import type { LoaderFunctionArgs } from "@remix-run/node";
import { open311Handler, open311Json, serviceOf } from "~/app/open311.server";
import { listPublicCategories } from "~/domain/public-requests";

/** GET /open311/v2/services.json — the request types: our active leaf categories. */
export function loader({ request, context }: LoaderFunctionArgs) {
  return open311Handler(context, request, async () => open311Json((await listPublicCategories(context.services.db)).map(serviceOf)));
}
