import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { type DatabaseSession, type DatabaseUser, Lucia, type Session, TimeSpan } from "lucia";
import type { Database } from "~/db/client";
import { sessions, users } from "~/db/schema";
import { findSessionWithIdentity, type StaffIdentity } from "~/domain/staff/users";

/**
 * Lucia's Drizzle adapter, except that looking up a session also brings its user's identity
 * (department and roles included) in the same query: that look-up runs before every staff
 * request, and the stock adapter's user row (password hash and all) would need two more.
 */
class StaffSessionAdapter extends DrizzlePostgreSQLAdapter {
  constructor(private readonly database: Database) {
    super(database, sessions, users);
  }

  override async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const found = await findSessionWithIdentity(this.database, sessionId);
    if (!found) return [null, null];
    const { id, userId, expiresAt, ip, userAgent } = found.session;
    const { id: _userId, ...identity } = found.identity;
    return [
      { id, userId, expiresAt, attributes: { ip, userAgent } },
      { id: userId, attributes: identity },
    ];
  }
}

/**
 * Staff sessions with Lucia v3: random session ids stored in the `sessions` table, an
 * httpOnly SameSite=Lax cookie (Secure behind HTTPS), sliding expiry. Deleting a user's
 * session rows (deactivation, password reset, role change) revokes them at once.
 */
export function createAuth(db: Database, options: { secureCookies: boolean; sessionTtlHours: number }) {
  return new Lucia(new StaffSessionAdapter(db), {
    sessionExpiresIn: new TimeSpan(options.sessionTtlHours * 60, "m"),
    sessionCookie: {
      name: "hotline_session",
      attributes: { secure: options.secureCookies, sameSite: "lax" },
    },
    getUserAttributes: (attributes) => attributes,
  });
}

export type Auth = ReturnType<typeof createAuth>;

declare module "lucia" {
  interface Register {
    Lucia: Auth;
    DatabaseUserAttributes: Omit<StaffIdentity, "id"> & { active: boolean };
    DatabaseSessionAttributes: { ip: string | null; userAgent: string | null };
  }
}

export interface RequestAuth {
  user: StaffIdentity | null;
  session: Session | null;
}

/**
 * Validates the session cookie of a request once, before any loader runs: one query for the
 * session and its user's identity. Returns the identity and, when Lucia extended or cleared the
 * session, the Set-Cookie header to send.
 */
export async function resolveRequestAuth(auth: Auth, cookieHeader: string | undefined): Promise<RequestAuth & { setCookie: string | null }> {
  const sessionId = auth.readSessionCookie(cookieHeader ?? "");
  if (!sessionId) return { user: null, session: null, setCookie: null };
  const { session, user } = await auth.validateSession(sessionId);
  if (!session || !user) {
    return { user: null, session: null, setCookie: auth.createBlankSessionCookie().serialize() };
  }
  const { active, ...identity } = user;
  if (!active) {
    await auth.invalidateSession(session.id);
    return { user: null, session: null, setCookie: auth.createBlankSessionCookie().serialize() };
  }
  const setCookie = session.fresh ? auth.createSessionCookie(session.id).serialize() : null;
  return { user: identity, session, setCookie };
}
