import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "~/domain/clock";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { checkRateLimit, DEFAULT_RATE_LIMITS, getRateLimitPolicy, hitRateLimit, pruneRateLimits } from "./rate-limit";
import { putSetting } from "./settings";

describe.each(testEngines)("rate limits on %s", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.dispose());

  it("allows `limit` hits per window, then refuses with the seconds left, then starts afresh", async () => {
    const clock = manualClock(new Date("2026-03-02T09:00:10Z"));
    const policy = { limit: 3, windowSeconds: 60 };
    for (let i = 0; i < 3; i++) expect(await hitRateLimit(database.db, clock, "t:a", policy)).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(await hitRateLimit(database.db, clock, "t:a", policy)).toEqual({ allowed: false, retryAfterSeconds: 50 });
    clock.advance(45_000);
    expect(await hitRateLimit(database.db, clock, "t:a", policy)).toEqual({ allowed: false, retryAfterSeconds: 5 });
    // Another key has its own counter.
    expect((await hitRateLimit(database.db, clock, "t:b", policy)).allowed).toBe(true);
    clock.advance(5_000); // 09:01:00, the next window
    expect(await hitRateLimit(database.db, clock, "t:a", policy)).toEqual({ allowed: true, retryAfterSeconds: 0 });
  });

  it("counts concurrent hits exactly (one upsert per hit)", async () => {
    const clock = manualClock(new Date("2026-03-02T10:00:00Z"));
    const results = await Promise.all(Array.from({ length: 25 }, () => hitRateLimit(database.db, clock, "t:burst", { limit: 10, windowSeconds: 3600 })));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(results.filter((r) => !r.allowed).every((r) => r.retryAfterSeconds === 3600)).toBe(true);
  });

  it("reads limits from the settings table, with defaults", async () => {
    const clock = manualClock(new Date("2026-03-02T11:00:00Z"));
    expect(await getRateLimitPolicy(database.db, "citizen.status.ip")).toEqual(DEFAULT_RATE_LIMITS["citizen.status.ip"]);
    await putSetting(database.db, "rate_limit.citizen.status.ip", { limit: 1, windowSeconds: 600 }, clock.now());
    expect((await checkRateLimit(database.db, clock, "citizen.status.ip", "198.51.100.1")).allowed).toBe(true);
    expect(await checkRateLimit(database.db, clock, "citizen.status.ip", "198.51.100.1")).toEqual({ allowed: false, retryAfterSeconds: 600 });
    expect((await checkRateLimit(database.db, clock, "citizen.status.ip", "198.51.100.2")).allowed).toBe(true);
    await putSetting(database.db, "rate_limit.citizen.status.ip", { limit: 0 }, clock.now());
    await expect(getRateLimitPolicy(database.db, "citizen.status.ip")).rejects.toThrow(/rate_limit.citizen.status.ip is invalid/);
  });

  it("prunes counters whose window has ended", async () => {
    const clock = manualClock(new Date("2026-03-03T00:00:00Z"));
    await hitRateLimit(database.db, clock, "t:prune", { limit: 1, windowSeconds: 60 });
    clock.advance(24 * 3600 * 1000);
    expect(await pruneRateLimits(database.db, clock)).toBeGreaterThanOrEqual(1);
    expect((await hitRateLimit(database.db, clock, "t:prune", { limit: 1, windowSeconds: 60 })).allowed).toBe(true);
  });
});
