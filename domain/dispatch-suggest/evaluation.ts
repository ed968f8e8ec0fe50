import { classify, type LabelledText, type TextClassifier } from "./classifier";

/** How well a classifier routes a set of labelled texts. */
export interface Evaluation {
  examples: number;
  top1: number;
  top3: number;
  /** Labels in a fixed order: the training labels, then any only the test set has. */
  labels: string[];
  /** Per true label: examples and how many were predicted first correctly. */
  recall: { label: string; examples: number; recall: number }[];
  /** confusion[true][predicted] = count, indexed like `labels`. */
  confusion: number[][];
  p95Millis: number;
}

export function evaluateClassifier(classifier: TextClassifier, examples: readonly LabelledText[]): Evaluation {
  const labels = [...classifier.model.labels];
  for (const e of examples) if (!labels.includes(e.label)) labels.push(e.label);
  const at = new Map(labels.map((l, i) => [l, i]));
  const confusion = labels.map(() => labels.map(() => 0));
  let top1 = 0;
  let top3 = 0;
  const millis: number[] = [];
  for (const example of examples) {
    const started = performance.now();
    const ranked = classify(classifier, example.text, 3);
    millis.push(performance.now() - started);
    const predicted = ranked[0]?.label;
    if (predicted === example.label) top1 += 1;
    if (ranked.some((r) => r.label === example.label)) top3 += 1;
    const row = confusion[at.get(example.label) ?? 0];
    if (row && predicted !== undefined) row[at.get(predicted) ?? 0] = (row[at.get(predicted) ?? 0] ?? 0) + 1;
  }
  const n = Math.max(1, examples.length);
  millis.sort((a, b) => a - b);
  return {
    examples: examples.length,
    top1: top1 / n,
    top3: top3 / n,
    labels,
    recall: labels.map((label, i) => {
      const row = confusion[i] ?? [];
      const total = row.reduce((s, v) => s + v, 0);
      return { label, examples: total, recall: total ? (row[i] ?? 0) / total : 0 };
    }),
    confusion,
    p95Millis: millis[Math.min(millis.length - 1, Math.floor(0.95 * millis.length))] ?? 0,
  };
}

/** The report the routing:eval script prints; its last line is `top1=0.xx top3=0.xx`. */
export function formatEvaluation(evaluation: Evaluation, trainingSeconds: number): string {
  const lines: string[] = [];
  const pct = (x: number) => x.toFixed(2);
  lines.push(`${evaluation.examples} test texts, ${evaluation.labels.length} labels; training ${trainingSeconds.toFixed(1)} s, suggestion p95 ${evaluation.p95Millis.toFixed(1)} ms`);
  lines.push("", "per-class recall:");
  for (const r of evaluation.recall) lines.push(`  ${r.label.padEnd(4, "　")} ${pct(r.recall)}  (${r.examples})`);
  lines.push("", "confusion (rows = true label, columns = predicted, in the order of the rows):");
  const width = Math.max(4, ...evaluation.confusion.flat().map((v) => String(v).length + 1));
  for (const [i, label] of evaluation.labels.entries()) {
    const row = evaluation.confusion[i] ?? [];
    lines.push(`  ${label.padEnd(4, "　")}${row.map((v) => String(v).padStart(width)).join("")}`);
  }
  lines.push("", `top1=${pct(evaluation.top1)} top3=${pct(evaluation.top3)}`);
  return lines.join("\n") + "\n";
}
