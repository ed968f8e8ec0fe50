import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import { ServerExitedError, startServer } from "~/tests/helpers/app-server";
import { Client } from "~/tests/helpers/http-client";

describe("server process on an embedded data directory", () => {
  it("keeps data across restarts, seeds once, refuses a second process, and shuts down cleanly", async () => {
    // As `npm start` runs: background workers inside the web process.
    const first = await startServer({ env: { WORKERS: "embedded" } });
    expect(first.output()).toContain("seeded the database");
    expect(first.output()).toMatch(/"message":"workers started".*"engine":"pglite"/);
    const admin = new Client(first.baseUrl);
    await admin.signIn("admin", DEMO_PASSWORD);
    const created = await admin.post("/admin/departments/new", { name: "重启测试单位", code: "RESTART", contactPhone: "", active: "on" });
    expect(created.status).toBe(302);

    // A second process on the same directory must stop at once with a clear message.
    const second = await startServer({ dataDir: first.dataDir }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(second).toBeInstanceOf(ServerExitedError);
    expect((second as ServerExitedError).code).toBe(1);
    expect((second as ServerExitedError).output).toMatch(/already in use by process \d+/);
    // `npm start` checks before it builds, so a second start never touches the running one's files.
    const preflight = spawnSync(path.resolve("node_modules/.bin/tsx"), ["server/preflight.ts"], {
      env: { ...process.env, DATA_DIR: first.dataDir, DATABASE_URL: "" },
      encoding: "utf8",
    });
    expect(preflight.status).toBe(1);
    expect(preflight.stderr).toMatch(/already in use by process \d+/);
    // ...and the first one is unharmed.
    expect((await fetch(`${first.baseUrl}/healthz`)).status).toBe(200);

    expect(await first.stop()).toBe(0);
    expect(first.output()).toContain('"message":"stopped"');

    const again = await startServer({ dataDir: first.dataDir, env: { WORKERS: "embedded" } });
    try {
      expect(again.output()).not.toContain("seeded the database");
      const client = new Client(again.baseUrl);
      await client.signIn("admin", DEMO_PASSWORD);
      const page = await (await client.get("/admin/departments")).text();
      expect(page).toContain("重启测试单位");
      expect(page.match(/<code>/g)?.length).toBe(31);
    } finally {
      await again.stop();
    }
  }, 180_000);

  it("refuses to start with a message naming a wrong variable", async () => {
    const error = await startServer({ env: { PORT: "eighty" } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServerExitedError);
    expect((error as ServerExitedError).output).toMatch(/PORT: must be a port number/);
  });
});
