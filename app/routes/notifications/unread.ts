import type { LoaderFunctionArgs } from "@remix-run/node";
import { countUnread } from "~/domain/notifications";

/**
 * `GET /notifications/unread` → `{"unread": 3}`: what the bell polls. Signed out it answers 401
 * rather than the sign-in redirect the pages use, since a script reads it, not a person; it is
 * never cached, so every poll sees the current count.
 */
export async function loader({ context }: LoaderFunctionArgs) {
  const user = context.auth.user;
  const headers = { "cache-control": "no-store" };
  if (!user) return Response.json({ error: "unauthenticated" }, { status: 401, headers });
  return Response.json({ unread: await countUnread(context.services.db, user.id) }, { headers });
}
