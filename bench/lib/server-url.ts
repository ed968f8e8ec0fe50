import { existsSync } from "node:fs";

const LOCAL_SOCKET_DIRECTORY = "/var/run/postgresql";

/**
 * The PostgreSQL server the benchmarks create their databases on: the one DATABASE_URL names, else
 * the local server (trust auth) through its Unix socket when it has one, as an app on the
 * database's own machine should connect (docs/decisions/0011-city-scale.md), else 127.0.0.1:5432.
 */
export const BENCH_SERVER_URL =
  process.env.DATABASE_URL ??
  (existsSync(`${LOCAL_SOCKET_DIRECTORY}/.s.PGSQL.5432`)
    ? `postgres://postgres@localhost/postgres?host=${LOCAL_SOCKET_DIRECTORY}`
    : "postgres://postgres@127.0.0.1:5432/postgres");

/** The same server, database `name`. */
export function benchDatabaseUrl(name: string): string {
  const url = new URL(BENCH_SERVER_URL);
  url.pathname = `/${name}`;
  return url.href;
}
