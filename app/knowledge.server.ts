import type { AppLoadContext } from "@remix-run/node";
import { requireRole } from "~/app/auth.server";
import { moduleByKey } from "~/app/navigation";
import type { KnowledgeContext } from "~/domain/knowledge/articles";
import type { StaffIdentity } from "~/domain/staff/users";
import { postgresArticleIndexer } from "~/search/postgres/index-writer";

/**
 * Guard + command context for the knowledge pages: any staff member of the knowledge module.
 * What each one may do with an article is decided by domain/knowledge (edit, review, read).
 * Commands index the Postgres backend in their own transaction; other backends catch up from
 * the outbox.
 */
export function requireKnowledgeContext(request: Request, context: AppLoadContext): KnowledgeContext & { user: StaffIdentity } {
  const user = requireRole(request, context, moduleByKey("knowledge").roles);
  return {
    db: context.services.db,
    clock: context.services.clock,
    actor: { id: user.id, label: user.username, ip: context.ip, roles: user.roles, departmentId: user.departmentId },
    indexer: postgresArticleIndexer,
    user,
  };
}

/** 403 for a page the domain says this user may not use. */
export function forbidden(): Response {
  return new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}
