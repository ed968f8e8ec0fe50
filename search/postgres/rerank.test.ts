import { describe, expect, it } from "vitest";
import { characterCounts, type CharStats, queryCharacters, rerankScores } from "./rerank";

function statsOf(texts: string[]): CharStats {
  const df = new Map<string, number>();
  let total = 0;
  for (const t of texts) {
    const c = characterCounts(t);
    total += c.length;
    for (const ch of c.counts.keys()) df.set(ch, (df.get(ch) ?? 0) + 1);
  }
  return { key: "test", documents: texts.length, avgLength: total / texts.length, df };
}

describe("character re-ranking", () => {
  it("takes the query's characters without the question words", () => {
    expect(queryCharacters("被咬伤应怎样处置？").sort()).toEqual([..."咬伤应处置"].sort());
    expect(queryCharacters("如何办理ＡＢ证")).toEqual(["办", "理", "a", "b", "证"]);
  });

  it("lifts the candidate that shares the query's characters across a different segmentation", () => {
    const candidates = [
      { title: "灭火器报废年限", body: "灭火器已经明确规定报废年限的，必须强制报废。", score: 1 },
      { title: "动物咬伤处置", body: "人被犬、猫咬、抓伤后，应立即冲洗伤口并接种疫苗。", score: 1 },
    ];
    const stats = statsOf(candidates.map((c) => `${c.title}\n${c.body}`));
    const [fire, bite] = rerankScores("被咬伤应怎样处置", candidates, stats);
    expect(bite).toBeGreaterThan(fire!);
    // The word score still counts: a fused score is never below the normalised word score.
    expect(fire).toBeGreaterThanOrEqual(1);
  });

  it("keeps the word order when no character matches", () => {
    const candidates = [
      { title: "甲", body: "甲乙", score: 2 },
      { title: "丙", body: "丙丁", score: 1 },
    ];
    const [first, second] = rerankScores("戊己", candidates, statsOf(["甲乙", "丙丁"]));
    expect(first).toBeGreaterThan(second!);
  });
});
