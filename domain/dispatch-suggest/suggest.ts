import { eq } from "drizzle-orm";
import type { Database } from "~/db/client";
import { departments } from "~/db/schema";
import type { Clock } from "../clock";
import { classify, type TextClassifier } from "./classifier";
import { MIN_TRAINING_TICKETS } from "./history";
import type { ScoredLabel } from "./model";
import { type DispatchModelLogger, getCurrentModel } from "./model-store";

export interface DepartmentSuggestion {
  /** The department's name. */
  label: string;
  departmentId: number;
  /** Softmax probability, 0–1. */
  score: number;
}

export type SuggestionResult =
  | { status: "ok"; modelId: number; suggestions: DepartmentSuggestion[] }
  /** Not enough dispatch history to learn from yet. */
  | { status: "no_model"; needed: number };

export interface SuggestDependencies {
  db: Database;
  clock: Clock;
  logger: DispatchModelLogger;
}

export const SUGGESTION_COUNT = 3;

/** Loads active department names once per call (suggestions for a whole queue share it). */
async function activeDepartmentNames(db: Database): Promise<Map<number, string>> {
  const rows = await db.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.active, true));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Every label's score for a text, remembered per loaded model: the dispatch desk shows the same
 * queue on every view, and classifying its twenty texts (segmentation, n-grams, a dot product per
 * label) blocked the event loop for a few milliseconds each time. A pure function of model and
 * text, so a remembered answer is exact. Bounded; the oldest texts go first.
 */
const classifications = new WeakMap<TextClassifier, Map<string, ScoredLabel[]>>();
const CLASSIFICATIONS_KEPT = 2_000;

function classifyAllLabels(classifier: TextClassifier, text: string): ScoredLabel[] {
  let remembered = classifications.get(classifier);
  if (!remembered) classifications.set(classifier, (remembered = new Map()));
  let scores = remembered.get(text);
  if (!scores) {
    scores = classify(classifier, text, classifier.model.labels.length);
    if (remembered.size >= CLASSIFICATIONS_KEPT) remembered.delete(remembered.keys().next().value!);
    remembered.set(text, scores);
  }
  return scores;
}

/**
 * The most likely lead departments for each text, learned from the centre's dispatch history.
 * Departments deactivated since training are skipped (never suggest what cannot be chosen).
 */
export async function suggestDepartmentsFor(deps: SuggestDependencies, texts: readonly string[], count = SUGGESTION_COUNT): Promise<SuggestionResult[]> {
  const current = await getCurrentModel(deps.db, deps.clock, deps.logger);
  if (!current) return texts.map(() => ({ status: "no_model", needed: MIN_TRAINING_TICKETS }));
  const names = await activeDepartmentNames(deps.db);
  return texts.map((text) => ({
    status: "ok",
    modelId: current.modelId,
    suggestions: classifyAllLabels(current.classifier, text)
      .map((s) => ({ departmentId: Number(s.label), score: s.score }))
      .filter((s) => names.has(s.departmentId))
      .slice(0, count)
      .map((s) => ({ label: names.get(s.departmentId) ?? "", departmentId: s.departmentId, score: Math.round(s.score * 1000) / 1000 })),
  }));
}

export async function suggestDepartments(deps: SuggestDependencies, text: string, count = SUGGESTION_COUNT): Promise<SuggestionResult> {
  const [result] = await suggestDepartmentsFor(deps, [text], count);
  return result!;
}
