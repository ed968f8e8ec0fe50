import type { AppLoadContext } from "@remix-run/node";
import { actorOf, requireRole } from "~/app/auth.server";
import { moduleByKey } from "~/app/navigation";
import type { CommandContext } from "~/domain/command";

/** Every administration route starts here: administrators only. */
export function requireAdministrator(request: Request, context: AppLoadContext) {
  return requireRole(request, context, moduleByKey("admin").roles);
}

/** The command context for an administrator's action. */
export function adminCommandContext(request: Request, context: AppLoadContext): CommandContext {
  const user = requireAdministrator(request, context);
  return { db: context.services.db, clock: context.services.clock, actor: actorOf(context, user) };
}
