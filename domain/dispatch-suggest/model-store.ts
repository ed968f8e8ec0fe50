import { desc, eq, lt } from "drizzle-orm";
import type { Database } from "~/db/client";
import { dispatchModels } from "~/db/schema";
import type { Clock } from "../clock";
import { trainClassifier, type TextClassifier } from "./classifier";
import { listTrainingExamples, MIN_TRAINING_TICKETS } from "./history";
import { deserializeClassifier, serializeClassifier } from "./serialize";

/** The part of the server's logger this module uses. */
export interface DispatchModelLogger {
  info(message: string, fields?: Record<string, unknown>): void;
}

export type RetrainResult =
  | { status: "trained"; modelId: number; examples: number; labels: number; millis: number }
  | { status: "too_few_examples"; examples: number; needed: number };

/** Older models kept besides the newest (a process still serving one can finish its request). */
const MODELS_KEPT = 3;

/**
 * Trains a new dispatch-suggestion model from the dispatch history and stores it; every process
 * picks it up on its next suggestion. Meant to run on a schedule (a background job, e.g. nightly)
 * and lazily on first use. With too little history nothing is stored.
 */
export async function retrainDispatchModel(db: Database, clock: Clock, logger: DispatchModelLogger): Promise<RetrainResult> {
  const examples = await listTrainingExamples(db);
  const labels = new Set(examples.map((e) => e.label)).size;
  if (examples.length < MIN_TRAINING_TICKETS || labels < 2) {
    logger.info("dispatch model not trained: too few dispatched tickets", { examples: examples.length, needed: MIN_TRAINING_TICKETS });
    return { status: "too_few_examples", examples: examples.length, needed: MIN_TRAINING_TICKETS };
  }
  const started = performance.now();
  const classifier = trainClassifier(examples);
  const millis = Math.round(performance.now() - started);
  const [row] = await db
    .insert(dispatchModels)
    .values({ trainedAt: clock.now(), exampleCount: examples.length, labelCount: labels, trainingMillis: millis, model: serializeClassifier(classifier) })
    .returning({ id: dispatchModels.id });
  const modelId = row!.id;
  await db.delete(dispatchModels).where(lt(dispatchModels.id, modelId - MODELS_KEPT + 1));
  cache.set(db, { modelId, classifier });
  logger.info("dispatch model trained", { modelId, examples: examples.length, labels, millis });
  return { status: "trained", modelId, examples: examples.length, labels, millis };
}

export interface CurrentModel {
  modelId: number;
  classifier: TextClassifier;
}

/** A stored model this version cannot read (an older format) is retrained rather than an error. */
function readStoredModel(model: string, logger: DispatchModelLogger): TextClassifier | null {
  try {
    return deserializeClassifier(model);
  } catch (error) {
    logger.info("stored dispatch model unreadable; retraining", { error: (error as Error).message });
    return null;
  }
}

/** This process's copy of the newest model per database; replaced when a newer row appears. */
const cache = new WeakMap<Database, CurrentModel>();
/** One lazy training at a time per database, however many requests ask at once. */
const lazyTraining = new WeakMap<Database, Promise<RetrainResult>>();

/**
 * The newest stored model (one small query to see whether it changed), training one first if
 * there is none. Null when there is too little history to train.
 */
export async function getCurrentModel(db: Database, clock: Clock, logger: DispatchModelLogger): Promise<CurrentModel | null> {
  const [latest] = await db.select({ id: dispatchModels.id }).from(dispatchModels).orderBy(desc(dispatchModels.id)).limit(1);
  if (latest) {
    const cached = cache.get(db);
    if (cached?.modelId === latest.id) return cached;
    const [row] = await db.select({ id: dispatchModels.id, model: dispatchModels.model }).from(dispatchModels).where(eq(dispatchModels.id, latest.id));
    const classifier = row ? readStoredModel(row.model, logger) : null;
    if (row && classifier) {
      const loaded = { modelId: row.id, classifier };
      cache.set(db, loaded);
      return loaded;
    }
  }
  let training = lazyTraining.get(db);
  if (!training) {
    training = retrainDispatchModel(db, clock, logger).finally(() => lazyTraining.delete(db));
    lazyTraining.set(db, training);
  }
  const result = await training;
  return result.status === "trained" ? (cache.get(db) ?? null) : null;
}
