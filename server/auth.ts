import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { Lucia, type Session, TimeSpan } from "lucia";
import type { Database } from "~/db/client";
import { sessions, users } from "~/db/schema";
import { getStaffIdentity, type StaffIdentity } from "~/domain/staff/users";

/**
 * Staff sessions with Lucia v3: random session ids stored in the `sessions` table, an
 * httpOnly SameSite=Lax cookie (Secure behind HTTPS), sliding expiry. Deleting a user's
 * session rows (deactivation, password reset, role change) revokes them at once.
 */
export function createAuth(db: Database, options: { secureCookies: boolean; sessionTtlHours: number }) {
  const adapter = new DrizzlePostgreSQLAdapter(db, sessions, users);
  return new Lucia(adapter, {
    sessionExpiresIn: new TimeSpan(options.sessionTtlHours * 60, "m"),
    sessionCookie: {
      name: "hotline_session",
      attributes: { secure: options.secureCookies, sameSite: "lax" },
    },
    getUserAttributes: (attributes) => ({ username: attributes.username }),
  });
}

export type Auth = ReturnType<typeof createAuth>;

declare module "lucia" {
  interface Register {
    Lucia: Auth;
    DatabaseUserAttributes: { username: string };
    DatabaseSessionAttributes: { ip: string | null; userAgent: string | null };
  }
}

export interface RequestAuth {
  user: StaffIdentity | null;
  session: Session | null;
}

/**
 * Validates the session cookie of a request once, before any loader runs. Returns the
 * identity and, when Lucia extended or cleared the session, the Set-Cookie header to send.
 */
export async function resolveRequestAuth(
  auth: Auth,
  db: Database,
  cookieHeader: string | undefined,
): Promise<RequestAuth & { setCookie: string | null }> {
  const sessionId = auth.readSessionCookie(cookieHeader ?? "");
  if (!sessionId) return { user: null, session: null, setCookie: null };
  const { session, user } = await auth.validateSession(sessionId);
  if (!session || !user) {
    return { user: null, session: null, setCookie: auth.createBlankSessionCookie().serialize() };
  }
  const identity = await getStaffIdentity(db, user.id);
  if (!identity) {
    await auth.invalidateSession(session.id);
    return { user: null, session: null, setCookie: auth.createBlankSessionCookie().serialize() };
  }
  const setCookie = session.fresh ? auth.createSessionCookie(session.id).serialize() : null;
  return { user: identity, session, setCookie };
}
