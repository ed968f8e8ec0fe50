import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createScratchPostgresDatabase } from "~/tests/helpers/databases";
import { describePostgresLocation, postgresClient, splitSocketDirectory } from "./postgres-client";

describe("a DATABASE_URL naming a Unix socket directory (libpq's host=/directory)", () => {
  it("becomes the socket file, and the parameter is not sent to the server as a setting", () => {
    expect(splitSocketDirectory("postgres://hotline:secret@localhost/hotline?host=/var/run/postgresql")).toEqual({
      url: "postgres://hotline:secret@localhost/hotline",
      socketPath: "/var/run/postgresql/.s.PGSQL.5432",
    });
    // The port names the socket file; other parameters stay.
    expect(splitSocketDirectory("postgres://u@localhost:5433/db?host=/tmp/pg/&application_name=x")).toEqual({
      url: "postgres://u@localhost:5433/db?application_name=x",
      socketPath: "/tmp/pg/.s.PGSQL.5433",
    });
  });

  it("leaves a TCP address alone", () => {
    for (const url of ["postgres://u@127.0.0.1:5432/db", "postgresql://u@db.internal/db?sslmode=require"]) {
      expect(splitSocketDirectory(url)).toEqual({ url, socketPath: null });
    }
  });

  it("is described without credentials", () => {
    expect(describePostgresLocation("postgres://u:secret@localhost/hotline?host=/var/run/postgresql")).toBe(
      "postgres://hotline via /var/run/postgresql/.s.PGSQL.5432",
    );
    expect(describePostgresLocation("postgres://u:secret@db.internal:5433/hotline")).toBe("postgres://db.internal:5433/hotline");
  });

  const localSocketDirectory = "/var/run/postgresql";
  const serverHere = !!process.env.DATABASE_URL && existsSync(`${localSocketDirectory}/.s.PGSQL.5432`);
  it.skipIf(!serverHere)("reaches the local server through the socket, not through TCP", async () => {
    const scratch = await createScratchPostgresDatabase();
    try {
      const viaSocket = new URL(scratch.url);
      viaSocket.host = "localhost";
      viaSocket.port = "";
      viaSocket.searchParams.set("host", localSocketDirectory);
      const name = viaSocket.pathname.slice(1);
      for (const [url, expected] of [
        [viaSocket.href, true],
        [scratch.url, false],
      ] as const) {
        const sql = postgresClient(url, { max: 1, onnotice: () => {} });
        try {
          // inet_server_addr() is null exactly on a Unix-socket connection.
          const [row] = await sql<{ socket: boolean; database: string }[]>`select inet_server_addr() is null as socket, current_database() as database`;
          expect(row, url).toEqual({ socket: expected, database: name });
        } finally {
          await sql.end();
        }
      }
    } finally {
      await scratch.drop();
    }
  });
});
