import { normalizeText } from "~/search/analysis";

/**
 * How alike two short Chinese texts are, 0–1: the Dice coefficient of their character-bigram
 * sets. Bigrams need no dictionary, cope with different word cuts of the same place or thing,
 * and two reports of one incident share many of them (路灯不亮, 建设路).
 */
export function characterBigrams(text: string): Set<string> {
  const grams = new Set<string>();
  // Spaces are dropped, not treated as breaks: "建设路 8 号" and "建设路8号" are the same place.
  for (const run of normalizeText(text).replace(/\s+/g, "").split(/[^\p{L}\p{N}]+/u)) {
    const chars = [...run];
    if (chars.length === 1) grams.add(chars[0]!);
    for (let i = 0; i + 2 <= chars.length; i += 1) grams.add(chars[i]! + chars[i + 1]!);
  }
  return grams;
}

export function diceSimilarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const gram of small) if (large.has(gram)) shared += 1;
  return (2 * shared) / (a.size + b.size);
}

export function textSimilarity(a: string, b: string): number {
  return diceSimilarity(characterBigrams(a), characterBigrams(b));
}
