import { readFile } from "node:fs/promises";
import { trainClassifier, type LabelledText } from "~/domain/dispatch-suggest/classifier";
import { evaluateClassifier, formatEvaluation } from "~/domain/dispatch-suggest/evaluation";

/**
 *   npm run routing:eval -- TRAIN.jsonl TEST.jsonl
 * Lines `{text, domain}`. Trains the dispatch-suggestion classifier on the first file exactly as
 * the app does (same features and training options), predicts the second, and prints top-1 and
 * top-3 accuracy, per-class recall and a confusion table; the last line is `top1=0.xx top3=0.xx`.
 * Needs no database.
 */
async function readExamples(file: string): Promise<LabelledText[]> {
  const out: LabelledText[] = [];
  for (const [i, line] of (await readFile(file, "utf8")).split("\n").entries()) {
    if (!line.trim()) continue;
    try {
      const parsed = JSON.parse(line) as { text?: unknown; domain?: unknown };
      if (typeof parsed.text !== "string" || typeof parsed.domain !== "string") throw new Error("needs text and domain strings");
      out.push({ text: parsed.text, label: parsed.domain });
    } catch (error) {
      process.stderr.write(`${file} line ${i + 1}: skipped (${error instanceof Error ? error.message : String(error)})\n`);
    }
  }
  return out;
}

async function main() {
  const [trainFile, testFile] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  if (!trainFile || !testFile) {
    process.stderr.write("usage: npm run routing:eval -- TRAIN.jsonl TEST.jsonl\n");
    process.exit(2);
  }
  const [train, test] = await Promise.all([readExamples(trainFile), readExamples(testFile)]);
  if (train.length === 0 || test.length === 0) throw new Error("both files need at least one {text, domain} line");
  const started = performance.now();
  const classifier = trainClassifier(train);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(formatEvaluation(evaluateClassifier(classifier, test), seconds));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
