import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict";

/**
 * Chinese text analysis shared by indexing and querying (both backends' snippets, the Postgres
 * backend's vectors and queries). Segmentation is jieba: precise mode gives the words of a
 * sentence; search mode adds the shorter words inside long ones (中国农业发展银行 → 农业, 发展,
 * 银行, 农业发展银行), which is what lets 农业 find 中国农业发展银行.
 */
const SEGMENTER = Symbol.for("hotline.search.segmenter");

/**
 * One segmenter per process, loaded on first use: the dictionary takes ~0.3 s to load, blocking
 * the process meanwhile. Kept on globalThis because a web process holds two copies of this module
 * (the server build bundles its own beside the one server/ imports), and both should share one.
 */
function segmenter(): Jieba {
  const holder = globalThis as { [SEGMENTER]?: Jieba };
  return (holder[SEGMENTER] ??= Jieba.withDict(dict));
}

/** Loads the segmenter now, so that no request waits for it (the web process calls this before it listens). */
export function loadSegmenter(): void {
  segmenter();
}

/** Full-width letters and digits to ASCII, lower case, one space for any run of white space. */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

/** A token worth indexing contains a letter or a digit (no punctuation, no spaces). */
function isWordToken(token: string): boolean {
  return /[\p{L}\p{N}]/u.test(token);
}

/**
 * Question words and particles that say nothing about the topic. Removed from queries only
 * (documents keep them: a yes/no answer starting with 可以 or 需要 still matches those words).
 */
export const QUERY_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "的 地 得 了 着 过 是 吗 呢 吧 啊 呀 么 嘛 哦 哈 啥 " +
    "哪些 哪个 哪里 哪儿 哪 什么 什么样 怎么 怎么样 怎样 如何 为什么 为何 多少 几 谁 是否 能否 可否 有没有 是不是 " +
    "请问 请 问 我 我们 你 您 他 她 它 他们 咱们 本人 这 那 这个 那个 这些 那些 这样 那样 一下 一些 " +
    "和 与 及 或 或者 在 对 把 被 给 从 向 到 于 以 等 之 其 就 都 也 还 又 呢"
  ).split(" "),
);

export interface WordToken {
  /** The lower-cased word. */
  word: string;
  /** Ordinal of the precise-mode word it comes from (sub-words share their parent's). */
  position: number;
  /** False for the shorter words search mode found inside a longer one. */
  whole: boolean;
}

/**
 * The words of a text for indexing: every precise-mode word plus the shorter words search mode
 * finds inside it, each with the position of the precise word (so phrase queries of adjacent
 * words work whatever the granularity).
 */
export function segmentForIndex(text: string, firstPosition = 1): WordToken[] {
  const out: WordToken[] = [];
  let position = firstPosition;
  for (const raw of segmenter().cut(normalizeText(text), true)) {
    if (!isWordToken(raw)) continue;
    out.push({ word: raw, position, whole: true });
    for (const sub of subWords(raw)) out.push({ word: sub, position, whole: false });
    position += 1;
  }
  return out;
}

/** The shorter dictionary words inside a precise-mode word (search mode), at least 2 characters. */
export function subWords(word: string): string[] {
  if ([...word].length <= 2) return [];
  const seen = new Set<string>([word]);
  const out: string[] = [];
  for (const sub of segmenter().cutForSearch(word, true)) {
    if (seen.has(sub) || [...sub].length < 2 || !isWordToken(sub)) continue;
    seen.add(sub);
    out.push(sub);
  }
  return out;
}

/** The precise-mode words of a text, normalised, punctuation dropped. */
export function words(text: string): string[] {
  return segmenter().cut(normalizeText(text), true).filter(isWordToken);
}

/** One way of matching a concept: a word, or a phrase of adjacent words (multi-word synonyms). */
export interface Alternative {
  /** The words of the alternative; more than one = a phrase. */
  words: string[];
  /** How much a match counts, relative to the query's own word (1). */
  factor: number;
}

/** One thing the searcher asked about: a word of the query, with ways to match it. */
export interface QueryConcept {
  text: string;
  alternatives: Alternative[];
}

/** Synonym groups as the search backends use them: lower-cased terms. */
export type SynonymSets = readonly (readonly string[])[];

export const SUB_WORD_FACTOR = 0.7;
export const SYNONYM_FACTOR = 0.9;

/**
 * A query as concepts: each precise-mode word that is not a stop word, matched by itself, by
 * the shorter words inside it (search mode, weaker), and by its synonyms. Scoring takes the best
 * alternative per concept, so a long compound does not count once per sub-word.
 */
export function analyzeQuery(query: string, synonyms: SynonymSets = []): QueryConcept[] {
  const normalized = normalizeText(query);
  const concepts: QueryConcept[] = [];
  const seen = new Set<string>();
  for (const word of words(normalized)) {
    if (QUERY_STOP_WORDS.has(word) || seen.has(word)) continue;
    seen.add(word);
    const alternatives: Alternative[] = [{ words: [word], factor: 1 }];
    for (const sub of subWords(word)) alternatives.push({ words: [sub], factor: SUB_WORD_FACTOR });
    for (const group of synonyms) {
      if (!group.includes(word)) continue;
      for (const other of group) if (other !== word) alternatives.push({ words: words(other), factor: SYNONYM_FACTOR });
    }
    concepts.push({ text: word, alternatives: dedupeAlternatives(alternatives) });
  }
  // A synonym of several words (噪声扰民) appears in the query as a phrase, not as one word.
  for (const group of synonyms) {
    const present = group.find((term) => words(term).length > 1 && normalized.includes(term));
    if (!present) continue;
    concepts.push({
      text: present,
      alternatives: dedupeAlternatives(group.map((term) => ({ words: words(term), factor: term === present ? 1 : SYNONYM_FACTOR }))),
    });
  }
  return concepts.filter((c) => c.alternatives.some((a) => a.words.length > 0));
}

function dedupeAlternatives(list: Alternative[]): Alternative[] {
  const best = new Map<string, Alternative>();
  for (const alt of list) {
    if (alt.words.length === 0) continue;
    const key = alt.words.join(" ");
    const known = best.get(key);
    if (!known || known.factor < alt.factor) best.set(key, alt);
  }
  return [...best.values()];
}

/** The words to look for in a text when marking matches (longest first). */
export function highlightTerms(concepts: readonly QueryConcept[]): string[] {
  const terms = new Set<string>();
  for (const c of concepts) for (const a of c.alternatives) terms.add(a.words.join(""));
  return [...terms].filter((t) => [...t].length >= 1).sort((a, b) => b.length - a.length);
}
