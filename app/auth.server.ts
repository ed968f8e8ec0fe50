import { type AppLoadContext, redirect } from "@remix-run/node";
import type { Actor } from "~/domain/audit";
import type { StaffRole } from "~/domain/staff/roles";
import type { StaffIdentity } from "~/domain/staff/users";

/** The signed-in staff member, or a redirect to the sign-in page that comes back here after. */
export function requireUser(request: Request, context: AppLoadContext): StaffIdentity {
  const user = context.auth.user;
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

/** The signed-in staff member if they hold one of `roles`; otherwise 403 (or sign-in first). */
export function requireRole(request: Request, context: AppLoadContext, roles: readonly StaffRole[]): StaffIdentity {
  const user = requireUser(request, context);
  if (!roles.some((role) => user.roles.includes(role))) {
    throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
  }
  return user;
}

export function actorOf(context: AppLoadContext, user: StaffIdentity): Actor {
  return { id: user.id, label: user.username, ip: context.ip };
}

/** Only same-site paths may be redirect targets after sign-in (no open redirect). */
export function safeRedirectPath(value: FormDataEntryValue | string | null | undefined, fallback: string): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return fallback;
  }
  return value;
}
