import { normalizeText, words } from "~/search/analysis";

/**
 * Text → sparse TF-IDF vector. Two kinds of terms, one vocabulary:
 *  - jieba words (`w:` prefix): what a message is about (路灯, 学位, 公交);
 *  - character n-grams (`c:` prefix): robust where jieba cuts a rare or misspelled compound
 *    differently, and they catch the masked place names (****小区) by their suffixes.
 * Weighting is sublinear tf (1 + ln tf) × smoothed idf, then l2-normalised, so long letters and
 * short messages land on the same scale for the linear model.
 */
export interface FeatureOptions {
  /** Shortest and longest character n-gram. */
  minNgram: number;
  maxNgram: number;
  /** Terms seen in fewer training documents are dropped (noise and model size). */
  minDocumentFrequency: number;
  /** Also pairs of adjacent jieba words (`b:` prefix). */
  wordBigrams: boolean;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = { minNgram: 1, maxNgram: 3, minDocumentFrequency: 2, wordBigrams: false };

export interface SparseVector {
  indices: number[];
  values: number[];
}

export interface Vocabulary {
  options: FeatureOptions;
  /** Term of each feature index. */
  terms: string[];
  /** Inverse document frequency of each feature index. */
  idf: number[];
}

/**
 * The citizen-message data masks names and numbers with runs of `*`, and digits (house numbers,
 * dates) say nothing about the department: both collapse to one placeholder character each.
 */
export function cleanText(text: string): string {
  return normalizeText(text).replace(/\*+/g, "＊").replace(/\d+/g, "0");
}

/** Character n-grams inside runs of letters/digits (punctuation and spaces break a run). */
function characterNgrams(text: string, minN: number, maxN: number): string[] {
  const out: string[] = [];
  for (const run of text.split(/[^\p{L}\p{N}＊]+/u)) {
    const chars = [...run];
    for (let n = minN; n <= maxN; n += 1) {
      for (let i = 0; i + n <= chars.length; i += 1) out.push("c:" + chars.slice(i, i + n).join(""));
    }
  }
  return out;
}

/** Every term occurrence of a text (with repeats: counts become tf). */
export function extractTerms(text: string, options: FeatureOptions): string[] {
  const cleaned = cleanText(text);
  const segmented = words(cleaned);
  const wordTerms = segmented.map((w) => "w:" + w);
  if (options.wordBigrams) for (let i = 1; i < segmented.length; i += 1) wordTerms.push("b:" + segmented[i - 1] + " " + segmented[i]);
  return wordTerms.concat(characterNgrams(cleaned, options.minNgram, options.maxNgram));
}

function countTerms(terms: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** Builds the vocabulary and idf from training texts; returns their vectors too (saves a second pass). */
export function fitVocabulary(texts: readonly string[], options: FeatureOptions = DEFAULT_FEATURE_OPTIONS): { vocabulary: Vocabulary; vectors: SparseVector[] } {
  const counted = texts.map((t) => countTerms(extractTerms(t, options)));
  const documentFrequency = new Map<string, number>();
  for (const counts of counted) for (const term of counts.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const terms = [...documentFrequency.entries()]
    .filter(([, df]) => df >= options.minDocumentFrequency)
    .map(([term]) => term)
    .sort();
  const n = texts.length;
  // Smoothed idf as in scikit-learn: as if one extra document contained every term once.
  const idf = terms.map((t) => Math.log((1 + n) / (1 + (documentFrequency.get(t) ?? 0))) + 1);
  const vocabulary: Vocabulary = { options, terms, idf };
  const index = termIndex(vocabulary);
  return { vocabulary, vectors: counted.map((counts) => weigh(counts, index, idf)) };
}

const indexCache = new WeakMap<Vocabulary, Map<string, number>>();
function termIndex(vocabulary: Vocabulary): Map<string, number> {
  let index = indexCache.get(vocabulary);
  if (!index) {
    index = new Map(vocabulary.terms.map((t, i) => [t, i]));
    indexCache.set(vocabulary, index);
  }
  return index;
}

function weigh(counts: Map<string, number>, index: Map<string, number>, idf: readonly number[]): SparseVector {
  const entries: [number, number][] = [];
  for (const [term, count] of counts) {
    const i = index.get(term);
    if (i === undefined) continue;
    entries.push([i, (1 + Math.log(count)) * (idf[i] ?? 0)]);
  }
  entries.sort((a, b) => a[0] - b[0]);
  const norm = Math.sqrt(entries.reduce((sum, [, v]) => sum + v * v, 0)) || 1;
  return { indices: entries.map(([i]) => i), values: entries.map(([, v]) => v / norm) };
}

/** The TF-IDF vector of a new text over a fitted vocabulary (unknown terms ignored). */
export function vectorize(vocabulary: Vocabulary, text: string): SparseVector {
  return weigh(countTerms(extractTerms(text, vocabulary.options)), termIndex(vocabulary), vocabulary.idf);
}
