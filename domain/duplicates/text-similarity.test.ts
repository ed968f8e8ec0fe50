import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { normalizeText } from "~/search/analysis";
import { cachedCharacterBigrams, characterBigrams, diceSimilarity, textSimilarity } from "./text-similarity";

/** The definition, written the obvious way: Dice of the sets of two-character strings. */
function referenceSimilarity(a: string, b: string): number {
  const grams = (text: string) => {
    const set = new Set<string>();
    for (const run of normalizeText(text).replace(/\s+/g, "").split(/[^\p{L}\p{N}]+/u)) {
      const chars = [...run];
      if (chars.length === 1) set.add(chars[0]!);
      for (let i = 0; i + 1 < chars.length; i += 1) set.add(chars[i]! + chars[i + 1]!);
    }
    return set;
  };
  const [x, y] = [grams(a), grams(b)];
  if (!x.size || !y.size) return 0;
  return (2 * [...x].filter((g) => y.has(g)).length) / (x.size + y.size);
}

const citizenMessages = readFileSync(path.resolve("../shared/data/routing/msgabench-dev.jsonl"), "utf8")
  .trim()
  .split("\n")
  .slice(0, 120)
  .map((line) => (JSON.parse(line) as { text: string }).text);

describe("character-bigram similarity", () => {
  it("is 1 for the same text, high for rewordings of one incident, low for different problems", () => {
    expect(textSimilarity("建设路路灯不亮", "建设路路灯不亮")).toBe(1);
    expect(textSimilarity("建设路 8 号路灯不亮", "建设路8号门口路灯晚上不亮")).toBeGreaterThan(0.5);
    expect(textSimilarity("建设路路灯不亮", "孩子入学学位申请")).toBe(0);
  });

  it("equals the Dice coefficient of the bigram sets, on real citizen messages", () => {
    for (const a of citizenMessages.slice(0, 20)) {
      for (const b of citizenMessages) expect(textSimilarity(a, b)).toBeCloseTo(referenceSimilarity(a, b), 12);
    }
  });

  it("handles one-character runs, characters beyond the BMP, full-width forms and spaces", () => {
    const cases: [string, string][] = [
      ["路", "路灯"],
      ["路 灯", "路灯"],
      ["𠀀𠀁 号", "𠀀𠀁号"],
      ["𠀀𠀁", "𠀀"],
      ["ＡＢＣ１２", "abc12"],
      ["a，b，c", "a b c"],
      ["", "建设路"],
      ["，。！", "建设路"],
    ];
    for (const [a, b] of cases) expect(textSimilarity(a, b), `${a} / ${b}`).toBeCloseTo(referenceSimilarity(a, b), 12);
    expect(textSimilarity("ＡＢＣ１２", "abc12")).toBe(1);
    expect(diceSimilarity(characterBigrams(""), characterBigrams(""))).toBe(0);
  });

  it("keeps the bigrams of recent texts, and lets the oldest go", () => {
    const text = citizenMessages[0]!;
    const first = cachedCharacterBigrams(text);
    expect([...first]).toEqual([...characterBigrams(text)]);
    expect(cachedCharacterBigrams(text)).toBe(first);
    for (let i = 0; i < 5000; i += 1) cachedCharacterBigrams(`建设路 ${i} 号路灯不亮`);
    const again = cachedCharacterBigrams(text);
    expect(again).not.toBe(first);
    expect([...again]).toEqual([...first]);
  });
});
