import { normalizeText } from "~/search/analysis";

/**
 * A text's distinct character bigrams, each coded as one number and sorted: comparing two is a
 * merge of two arrays, and a thousand of them are a thousand small typed arrays rather than a
 * thousand Sets of short strings for the collector to trace.
 */
export type Bigrams = Float64Array;

/** Code points go up to 0x10FFFF; the next value marks "no second character" (a one-character run). */
const NO_SECOND = 0x110000;

/**
 * How alike two short Chinese texts are, 0–1: the Dice coefficient of their character-bigram
 * sets. Bigrams need no dictionary, cope with different word cuts of the same place or thing,
 * and two reports of one incident share many of them (路灯不亮, 建设路).
 */
export function characterBigrams(text: string): Bigrams {
  const codes: number[] = [];
  // Spaces are dropped, not treated as breaks: "建设路 8 号" and "建设路8号" are the same place.
  for (const run of normalizeText(text).replace(/\s+/g, "").split(/[^\p{L}\p{N}]+/u)) {
    let previous = -1;
    let length = 0;
    for (let i = 0; i < run.length; i += 1) {
      const point = run.codePointAt(i)!;
      if (point > 0xffff) i += 1; // its low surrogate
      if (previous >= 0) codes.push(previous * (NO_SECOND + 1) + point);
      previous = point;
      length += 1;
    }
    if (length === 1) codes.push(previous * (NO_SECOND + 1) + NO_SECOND);
  }
  const sorted = Float64Array.from(codes).sort();
  let distinct = 0;
  for (let i = 0; i < sorted.length; i += 1) if (i === 0 || sorted[i] !== sorted[distinct - 1]) sorted[distinct++] = sorted[i]!;
  return sorted.slice(0, distinct);
}

/**
 * The bigrams of texts seen recently, by text. The dispatch desk's panel and the intake screen
 * compare each new report with up to a thousand open tickets, mostly the same ones view after
 * view; building their bigrams anew each time was one of the longest stretches of the web
 * process's event loop under load. Keyed by the text itself, so an edited ticket is simply a new
 * entry; the oldest entries go first.
 */
const recentBigrams = new Map<string, Bigrams>();
const RECENT_TEXTS = 4000;

export function cachedCharacterBigrams(text: string): Bigrams {
  let grams = recentBigrams.get(text);
  if (!grams) {
    grams = characterBigrams(text);
    if (recentBigrams.size >= RECENT_TEXTS) recentBigrams.delete(recentBigrams.keys().next().value!);
    recentBigrams.set(text, grams);
  }
  return grams;
}

export function diceSimilarity(a: Bigrams, b: Bigrams): number {
  if (a.length === 0 || b.length === 0) return 0;
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      shared += 1;
      i += 1;
      j += 1;
    } else if (a[i]! < b[j]!) i += 1;
    else j += 1;
  }
  return (2 * shared) / (a.length + b.length);
}

export function textSimilarity(a: string, b: string): number {
  return diceSimilarity(characterBigrams(a), characterBigrams(b));
}
