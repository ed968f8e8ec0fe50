import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { trainClassifier } from "./classifier";
import { evaluateClassifier, formatEvaluation } from "./evaluation";

const DATA = path.resolve("../shared/data/routing");
const hasData = existsSync(path.join(DATA, "msgabench-train.jsonl"));
if (!hasData) console.warn(`routing-eval test skipped: ${DATA} is absent`);

describe("evaluation", () => {
  it("counts top-1, top-3, recall and the confusion table", () => {
    const classifier = trainClassifier([
      { text: "路灯不亮", label: "甲" },
      { text: "路灯坏了", label: "甲" },
      { text: "学校招生", label: "乙" },
      { text: "学校收费", label: "乙" },
    ]);
    const result = evaluateClassifier(classifier, [
      { text: "路灯", label: "甲" },
      { text: "学校", label: "乙" },
      { text: "学校", label: "丙" },
    ]);
    expect(result.top1).toBeCloseTo(2 / 3);
    expect(result.top3).toBeCloseTo(2 / 3);
    expect(result.labels).toEqual(["乙", "甲", "丙"]);
    expect(result.confusion).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [1, 0, 0],
    ]);
    expect(formatEvaluation(result, 0.1).trimEnd().split("\n").at(-1)).toBe("top1=0.67 top3=0.67");
  });
});

describe.skipIf(!hasData)("npm run routing:eval on a slice of MSGABench", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "routing-eval-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("trains on the first file, predicts the second and ends with top1=… top3=…", async () => {
    const lines = (file: string) => readFileSync(path.join(DATA, file), "utf8").split("\n").filter(Boolean);
    const train = path.join(dir, "train.jsonl");
    const test = path.join(dir, "test.jsonl");
    writeFileSync(train, lines("msgabench-train.jsonl").slice(0, 1500).join("\n"));
    writeFileSync(test, lines("msgabench-dev.jsonl").slice(0, 300).join("\n"));
    const { stdout } = await promisify(execFile)("npx", ["tsx", "server/cli/routing-eval.ts", train, test], { timeout: 120_000 });
    expect(stdout).toContain("per-class recall:");
    expect(stdout).toContain("confusion");
    const last = stdout.trimEnd().split("\n").at(-1)!;
    const match = /^top1=(\d\.\d\d) top3=(\d\.\d\d)$/.exec(last);
    expect(match, last).not.toBeNull();
    // Far better than chance (13 labels) even on a fifth of the training data.
    expect(Number(match![1])).toBeGreaterThan(0.55);
    expect(Number(match![2])).toBeGreaterThanOrEqual(Number(match![1]));
  }, 120_000);
});
