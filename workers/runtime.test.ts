import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox } from "~/db/schema";
import { createTicket } from "~/domain/tickets/create-ticket";
import { bootServices } from "~/server/boot";
import { loadConfig } from "~/server/config";
import { createLogger } from "~/server/logger";
import type { AppServices } from "~/server/services";
import { createScratchPostgresDatabase, testEngines } from "~/tests/helpers/databases";
import { startWorkers, type Workers } from "./runtime";

async function waitFor<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.each(testEngines)("background workers (pg-boss) on %s", (engine) => {
  let services: AppServices;
  let workers: Workers;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "hotline-workers-"));
    const scratch = engine === "postgres" ? await createScratchPostgresDatabase() : null;
    const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: scratch?.url, LOG_LEVEL: "error", DEMO_TICKETS: "false" });
    services = await bootServices(config, createLogger("error"));
    workers = await startWorkers(services);
    cleanup = async () => {
      await workers.stop();
      await services.database.close();
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }, 60_000);
  afterAll(() => cleanup());

  it("schedules every job from job_schedules in pg-boss", async () => {
    const { rows } = await services.database.executeSql("select name, cron from pgboss.schedule order by name");
    expect(rows).toEqual([
      { name: "deadline-sweep", cron: "* * * * *" },
      { name: "dispatch-model-retrain", cron: "30 2 * * *" },
      { name: "outbox-dispatch", cron: "* * * * *" },
      { name: "rate-limit-prune", cron: "17 * * * *" },
      { name: "rating-defaults", cron: "7 * * * *" },
      { name: "search-sync", cron: "* * * * *" },
      { name: "stats-rollup", cron: "*/5 * * * *" },
    ]);
  });

  it("runs a job handed to the queue: a new ticket's SMS goes out through the simulated sender", async () => {
    const ticket = await createTicket(
      { db: services.db, clock: services.clock, actor: { id: null, label: "operator", ip: null, roles: ["operator"], departmentId: null } },
      { channel: "phone", requestType: "help", title: "路灯不亮", description: "建设路口路灯连续三晚不亮。", citizenPhone: "13900000009" },
    );
    await workers.runNow("outbox-dispatch");
    const sms = await waitFor(async () => {
      const rows = await services.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.topic, "sms.send"), isNotNull(outbox.processedAt)));
      return rows.find((row) => row.payload.ticketId === ticket.id);
    });
    expect(sms.payload).toMatchObject({ to: "13900000009", ticketId: ticket.id });
  }, 30_000);
});
