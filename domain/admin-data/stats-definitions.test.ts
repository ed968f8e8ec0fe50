import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "~/db/schema";
import { manualClock } from "~/domain/clock";
import { seedOnFirstStart } from "~/domain/setup/seed";
import { DEFAULT_STATS_DEFINITIONS, getStatsDefinitions, STATS_DEFINITIONS_SETTING } from "~/domain/stats/definitions";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { commandContext } from "~/tests/helpers/staff";
import { updateStatsDefinitions } from "./stats-definitions";

describe.each(testEngines)("statistics definitions on %s", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await seedOnFirstStart(database, manualClock(new Date("2026-03-02T09:00:00+08:00")), { withDemoAccounts: false });
  });
  afterAll(() => database.dispose());
  const ctx = () => commandContext(database.db);

  it("saves a valid definition, levels sorted, audited as settings.update with before and after", async () => {
    expect(await getStatsDefinitions(database.db)).toEqual(DEFAULT_STATS_DEFINITIONS);
    const next = { satisfiedLevels: [4, 5], includeDefaulted: false, weights: { response: 2, resolution: 0.5, satisfaction: 0 } };
    expect(await updateStatsDefinitions(ctx(), next)).toEqual({ ...next, satisfiedLevels: [5, 4] });
    expect(await getStatsDefinitions(database.db)).toEqual({ ...next, satisfiedLevels: [5, 4] });
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.targetId, STATS_DEFINITIONS_SETTING));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "settings.update", targetType: "setting", detail: { from: DEFAULT_STATS_DEFINITIONS, to: { ...next, satisfiedLevels: [5, 4] } } });
  });

  it("refuses bad input with a code and the field, and changes nothing", async () => {
    const good = { satisfiedLevels: [5, 4, 3], includeDefaulted: true, weights: { response: 1, resolution: 1, satisfaction: 1 } };
    const before = await getStatsDefinitions(database.db);
    const cases: [unknown, string, string | undefined][] = [
      [{ ...good, satisfiedLevels: [] }, "stats_levels_empty", "satisfiedLevels"],
      [{ ...good, satisfiedLevels: [6] }, "stats_levels_invalid", "satisfiedLevels.0"],
      [{ ...good, satisfiedLevels: [Number.NaN] }, "stats_levels_invalid", "satisfiedLevels.0"],
      [{ ...good, satisfiedLevels: [5, 5] }, "stats_levels_invalid", "satisfiedLevels"],
      [{ ...good, weights: { ...good.weights, response: -1 } }, "stats_weight_invalid", "weights.response"],
      [{ ...good, weights: { ...good.weights, resolution: 11 } }, "stats_weight_invalid", "weights.resolution"],
      [{ ...good, weights: { ...good.weights, satisfaction: Number.NaN } }, "stats_weight_invalid", "weights.satisfaction"],
      [{ ...good, weights: { response: 0, resolution: 0, satisfaction: 0 } }, "stats_weights_all_zero", "weights"],
    ];
    for (const [input, code, field] of cases) {
      await expect(updateStatsDefinitions(ctx(), input), code).rejects.toMatchObject({ code, status: 400, field });
    }
    expect(await getStatsDefinitions(database.db)).toEqual(before);
  });
});
