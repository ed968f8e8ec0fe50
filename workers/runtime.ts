import PgBoss from "pg-boss";
import { jobSchedules } from "~/db/schema";
import type { AppServices } from "~/server/services";
import { JOBS } from "./jobs";

/** pg-boss keeps its tables in their own schema, apart from the application's. */
const BOSS_SCHEMA = "pgboss";
/**
 * Schedules are read in China's time, where the centre works: UTC+8 all year (no daylight saving
 * since 1991), so written as a fixed offset. pg-boss checks every schedule once a minute in the
 * process that runs its clock, the web process on the embedded database, and with the IANA name
 * (Asia/Shanghai) each check went through Intl time-zone look-ups: about 50 ms of blocked event
 * loop a minute for seven schedules, against about 12 ms with the fixed offset.
 */
const SCHEDULE_TIME_ZONE = "UTC+8";
/** How often each worker process re-reads job_schedules, so an administrator's edit takes effect. */
const SCHEDULE_REFRESH_MS = 60_000;

export interface Workers {
  stop(): Promise<void>;
  /** Runs one job now, outside its schedule (tests, "run now" buttons). */
  runNow(name: string): Promise<void>;
}

/**
 * Starts pg-boss on the app's own database connection (PGlite or PostgreSQL alike: pg-boss gets
 * the handle's executeSql) and works every job. Any number of processes may do this against one
 * PostgreSQL database: pg-boss hands each job to one worker, its cron runs once per minute across
 * all of them, and the jobs themselves are safe to overlap.
 */
export async function startWorkers(services: AppServices): Promise<Workers> {
  const { logger } = services;
  const boss = new PgBoss({ db: { executeSql: (text, values) => services.database.executeSql(text, values) }, schema: BOSS_SCHEMA });
  boss.on("error", (error: Error) => logger.error("job queue error", { error: error.message }));
  await boss.start();

  for (const job of JOBS) {
    // "stately": at most one waiting and one running per job, so a slow run never piles up copies.
    await boss.createQueue(job.name, { name: job.name, policy: "stately", retryLimit: 2, retryDelay: 30, expireInSeconds: 15 * 60 });
    await boss.work(job.name, { pollingIntervalSeconds: 2 }, async ([received]) => {
      const payload = job.payload.parse(received?.data ?? null);
      const started = Date.now();
      const outcome = await job.run(services, payload as never);
      logger.debug("job done", { job: job.name, ms: Date.now() - started, ...outcome });
    });
  }

  const syncSchedules = async () => {
    const rows = await services.db.select().from(jobSchedules);
    // pg-boss returns each schedule's row, time zone included; its types leave the zone out.
    const schedules = (await boss.getSchedules()) as (PgBoss.Schedule & { timezone?: string })[];
    const existing = new Map(schedules.map((s) => [s.name, s]));
    for (const job of JOBS) {
      const row = rows.find((r) => r.job === job.name);
      if (row?.active) {
        const current = existing.get(job.name);
        if (current?.cron !== row.cron || current.timezone !== SCHEDULE_TIME_ZONE) await boss.schedule(job.name, row.cron, {}, { tz: SCHEDULE_TIME_ZONE });
      } else if (existing.has(job.name)) {
        await boss.unschedule(job.name);
      }
    }
  };
  await syncSchedules();
  const refresh = setInterval(() => {
    syncSchedules().catch((error: Error) => logger.error("could not refresh job schedules", { error: error.message }));
  }, SCHEDULE_REFRESH_MS);
  refresh.unref();
  logger.info("workers started", { jobs: JOBS.map((j) => j.name), engine: services.database.engine });

  return {
    async stop() {
      clearInterval(refresh);
      await boss.stop({ graceful: true, wait: true, timeout: 20_000, close: false });
    },
    async runNow(name) {
      await boss.send(name, {});
    },
  };
}
