import { describe, expect, it } from "vitest";
import { candidateLetters, candidateLettersCache, characterCounts, type CharStats, queryCharacters, rerankScores } from "./rerank";

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
      { id: 1, title: "灭火器报废年限", body: "灭火器已经明确规定报废年限的，必须强制报废。", score: 1 },
      { id: 2, title: "动物咬伤处置", body: "人被犬、猫咬、抓伤后，应立即冲洗伤口并接种疫苗。", score: 1 },
    ];
    const stats = statsOf(candidates.map((c) => `${c.title}\n${c.body}`));
    const [fire, bite] = rerankScores("被咬伤应怎样处置", candidates, stats);
    expect(bite).toBeGreaterThan(fire!);
    // The word score still counts: a fused score is never below the normalised word score.
    expect(fire).toBeGreaterThanOrEqual(1);
  });

  it("keeps the word order when no character matches", () => {
    const candidates = [
      { id: 1, title: "甲", body: "甲乙", score: 2 },
      { id: 2, title: "丙", body: "丙丁", score: 1 },
    ];
    const [first, second] = rerankScores("戊己", candidates, statsOf(["甲乙", "丙丁"]));
    expect(first).toBeGreaterThan(second!);
  });

  it("reads a candidate's letters once while its text is unchanged, and again after an edit", () => {
    const lettersOf = candidateLettersCache(2);
    const article = { id: 7, title: "办理 ＡＢ证", body: "**携带**身份证，到窗口办理。", score: 1 };
    const first = lettersOf(article);
    expect(first).toEqual({ title: "办理ab证", body: "携带身份证到窗口办理", length: 15 });
    expect(lettersOf({ ...article })).toBe(first);
    const edited = lettersOf({ ...article, body: "网上办理。" });
    expect(edited).toEqual(candidateLetters({ title: article.title, body: "网上办理。" }));
    // The least recently used article leaves first.
    lettersOf({ ...article, id: 8 });
    lettersOf({ ...article, id: 9 });
    expect(lettersOf({ ...article, body: "网上办理。" })).not.toBe(edited);
  });
});
