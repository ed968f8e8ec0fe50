import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { queryRows } from "~/db/client";
import { bootServices } from "./boot";
import { loadConfig } from "./config";
import { createLogger } from "./logger";

describe("bootServices on the embedded database", () => {
  it("gathers planner statistics, which PGlite (no autovacuum) would never have", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "boot-"));
    const services = await bootServices(loadConfig({ DATA_DIR: dataDir, DEMO_TICKETS: "false" }), createLogger("error", () => {}));
    try {
      // reltuples is -1 until a table is first analysed; the seeded categories have column statistics.
      const [articles] = await queryRows<{ reltuples: number }>(services.db, sql`select reltuples from pg_class where relname = 'articles'`);
      expect(Number(articles!.reltuples)).toBeGreaterThanOrEqual(0);
      const [categories] = await queryRows<{ n: number }>(services.db, sql`select count(*)::int as n from pg_stats where tablename = 'categories'`);
      expect(categories!.n).toBeGreaterThan(0);
    } finally {
      await services.database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
