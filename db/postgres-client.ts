import postgres from "postgres";

/**
 * A postgres.js client for a `DATABASE_URL`, which may name a Unix socket directory the way libpq
 * does: `postgres://user@localhost/hotline?host=/var/run/postgresql`. postgres.js itself would
 * send `host` to the server as a setting and fail; here it becomes the socket path.
 *
 * A database on the same machine is better reached through its socket than through 127.0.0.1
 * (measured in docs/decisions/0011-city-scale.md: a lower p95 under the load run).
 */
export function postgresClient(url: string, options: postgres.Options<Record<string, never>> = {}): postgres.Sql {
  const { url: serverUrl, socketPath } = splitSocketDirectory(url);
  return postgres(serverUrl, socketPath ? { ...options, path: socketPath } : options);
}

/** The URL without a libpq-style `host=/directory` parameter, and the socket file it names. */
export function splitSocketDirectory(url: string): { url: string; socketPath: string | null } {
  const parsed = new URL(url);
  const directory = parsed.searchParams.get("host");
  if (!directory?.startsWith("/")) return { url, socketPath: null };
  parsed.searchParams.delete("host");
  const port = parsed.port || "5432";
  return { url: parsed.href, socketPath: `${directory.replace(/\/+$/, "")}/.s.PGSQL.${port}` };
}

/** Where a DATABASE_URL points, without credentials, for logs and /healthz. */
export function describePostgresLocation(url: string): string {
  const parsed = new URL(url);
  const { socketPath } = splitSocketDirectory(url);
  return socketPath ? `postgres://${parsed.pathname.slice(1)} via ${socketPath}` : `postgres://${parsed.host}${parsed.pathname}`;
}
