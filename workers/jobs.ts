import { z } from "zod";
import { retrainDispatchModel } from "~/domain/dispatch-suggest/model-store";
import { pruneRateLimits } from "~/domain/rate-limit";
import { applyDefaultRatings } from "~/domain/ratings/default-ratings";
import { rollUpDepartmentStats } from "~/domain/stats/rollup";
import { runDeadlineSweep } from "~/domain/supervision/sweep";
import type { AppServices } from "~/server/services";
import { processSearchOutbox } from "~/search/sync";
import { dispatchOutbox } from "./outbox-dispatcher";
import { outboxHandlers } from "./outbox-handlers";

/**
 * A background job: a name (its pg-boss queue and its row in job_schedules), the shape of its
 * payload (checked before it runs, so a bad job fails loudly instead of half-running), and what it
 * does. Every job is safe to run in several processes at once and to repeat.
 */
export interface JobDefinition<P> {
  name: string;
  payload: z.ZodType<P, z.ZodTypeDef, unknown>;
  run(services: AppServices, payload: P): Promise<Record<string, unknown>>;
}

const noPayload = z.object({}).strict().nullish().transform(() => ({}));

function defineJob<P>(job: JobDefinition<P>): JobDefinition<P> {
  return job;
}

export const JOBS = [
  defineJob<{ batchSize?: number }>({
    name: "deadline-sweep",
    payload: z.object({ batchSize: z.number().int().min(1).max(5000).optional() }).strict().nullish().transform((p) => p ?? {}),
    run: async (s, payload) => ({ ...(await runDeadlineSweep({ db: s.db, clock: s.clock }, { batchSize: payload.batchSize })) }),
  }),
  defineJob({
    name: "outbox-dispatch",
    payload: noPayload,
    run: async (s) => ({
      ...(await dispatchOutbox(
        { db: s.db, clock: s.clock },
        outboxHandlers({ db: s.db, clock: s.clock, sms: s.telephony.sms, publicUrl: s.config.publicUrl }),
      )),
    }),
  }),
  defineJob({
    name: "search-sync",
    payload: noPayload,
    // Only an external index (Meilisearch) needs syncing; the Postgres index is written in the
    // article's own transaction.
    run: async (s) => (s.search.meilisearch ? { ...(await processSearchOutbox(s.db, s.search.meilisearch, s.clock)) } : { skipped: "no external index" }),
  }),
  defineJob({
    name: "rate-limit-prune",
    payload: noPayload,
    run: async (s) => ({ pruned: await pruneRateLimits(s.db, s.clock) }),
  }),
  defineJob<{ full?: boolean }>({
    name: "stats-rollup",
    payload: z.object({ full: z.boolean().optional() }).strict().nullish().transform((p) => p ?? {}),
    run: async (s, payload) => ({ ...(await rollUpDepartmentStats({ db: s.db, clock: s.clock }, payload)) }),
  }),
  defineJob({
    name: "rating-defaults",
    payload: noPayload,
    run: async (s) => ({ ...(await applyDefaultRatings({ db: s.db, clock: s.clock })) }),
  }),
  defineJob({
    name: "dispatch-model-retrain",
    payload: noPayload,
    run: async (s) => ({ ...(await retrainDispatchModel(s.db, s.clock, s.logger)) }),
  }),
] as const;

export type JobName = (typeof JOBS)[number]["name"];

export function jobByName(name: string): JobDefinition<unknown> | undefined {
  return (JOBS as readonly JobDefinition<unknown>[]).find((j) => j.name === name);
}
