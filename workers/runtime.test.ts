import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
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

const require = createRequire(import.meta.url);
/** The part of cron-parser (a dependency of pg-boss) used here. */
interface CronParser {
  parseExpression(cron: string, options: { tz: string; currentDate: Date }): { next(): { toISOString(): string } };
}

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

  it("schedules every job from job_schedules in pg-boss, in China's time", async () => {
    const { rows } = await services.database.executeSql("select name, cron, timezone from pgboss.schedule order by name");
    expect(rows.map(({ name, cron }) => ({ name, cron }))).toEqual([
      { name: "deadline-sweep", cron: "* * * * *" },
      { name: "dispatch-model-retrain", cron: "30 2 * * *" },
      { name: "outbox-dispatch", cron: "* * * * *" },
      { name: "rate-limit-prune", cron: "17 * * * *" },
      { name: "rating-defaults", cron: "7 * * * *" },
      { name: "search-sync", cron: "* * * * *" },
      { name: "stats-rollup", cron: "*/5 * * * *" },
    ]);
    // The nightly retraining at 02:30 in Beijing is 18:30 UTC, as pg-boss's own cron parser reads the zone.
    const retrain = rows.find((r) => r.name === "dispatch-model-retrain")!;
    const cronParser = createRequire(require.resolve("pg-boss"))("cron-parser") as CronParser;
    const next = cronParser.parseExpression(String(retrain.cron), { tz: String(retrain.timezone), currentDate: new Date("2026-12-01T12:00:00Z") }).next();
    expect(next.toISOString()).toBe("2026-12-01T18:30:00.000Z");
  });

  it("moves schedules kept under another spelling of the zone (older installations) to the current one", async () => {
    await services.database.executeSql("update pgboss.schedule set timezone = 'Asia/Shanghai'");
    await workers.stop();
    workers = await startWorkers(services);
    const { rows } = await services.database.executeSql("select distinct timezone from pgboss.schedule");
    expect(rows).toEqual([{ timezone: "UTC+8" }]);
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
