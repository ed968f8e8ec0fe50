import { segmentForIndex, type WordToken } from "../analysis";
import { answerTraits } from "../answer-types";
import type { SearchDocument } from "../documents";

/**
 * Builds the `articles.search_vector` value. PostgreSQL has no Chinese parser, so the
 * application segments the text with jieba and writes the tsvector itself, as a literal:
 * lexeme → positions with a weight label per field (title A, structured fields and department B,
 * body C). Positions are precise-mode word ordinals; the sub-words search mode adds share their
 * parent's position, so a phrase of adjacent words matches whatever the granularity.
 */
export const FIELD_WEIGHT_LABELS = { title: "A", fields: "B", body: "C" } as const;

/** PostgreSQL's limits: positions 1..16383, at most 256 positions kept per lexeme. */
const MAX_POSITION = 16383;
const MAX_POSITIONS_PER_LEXEME = 256;
/** Lexemes are at most 2 KiB; anything that long is not a word anyone searches for. */
const MAX_LEXEME_CHARS = 100;
/** Gap between fields, so that a phrase never spans the end of one and the start of the next. */
const FIELD_GAP = 10;

export interface VectorValue {
  /** tsvector literal, e.g. `'农业':3A '发展':4A,20C` */
  literal: string;
  /** Distinct lexemes (for the document-frequency statistics). */
  lexemes: string[];
  /** Number of words indexed (precise-mode words, sub-words not counted): the document length. */
  length: number;
  /** The title's words, space-separated: pg_trgm's input. */
  segmentedTitle: string;
  /** Answer-type bit mask of the body. */
  traits: number;
}

export function buildVector(doc: Pick<SearchDocument, "title" | "fields" | "body" | "department">): VectorValue {
  const entries = new Map<string, string[]>();
  let next = 1;
  let length = 0;
  const add = (tokens: WordToken[], label: string) => {
    for (const t of tokens) {
      if (t.word.length > MAX_LEXEME_CHARS) continue;
      if (t.whole) length += 1;
      const list = entries.get(t.word) ?? [];
      if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(`${Math.min(t.position, MAX_POSITION)}${label}`);
      entries.set(t.word, list);
    }
    const last = tokens.at(-1);
    if (last) next = last.position + FIELD_GAP;
  };
  const titleTokens = segmentForIndex(doc.title, next);
  add(titleTokens, FIELD_WEIGHT_LABELS.title);
  add(segmentForIndex([doc.department ?? "", doc.fields].join("\n"), next), FIELD_WEIGHT_LABELS.fields);
  add(segmentForIndex(doc.body, next), FIELD_WEIGHT_LABELS.body);
  const literal = [...entries].map(([lexeme, positions]) => `${quoteLexeme(lexeme)}:${dedupePositions(positions).join(",")}`).join(" ");
  return {
    literal,
    lexemes: [...entries.keys()],
    length,
    segmentedTitle: titleTokens.filter((t) => t.whole).map((t) => t.word).join(" "),
    traits: answerTraits(doc.body),
  };
}

/** A position can hold one label; a sub-word equal to another word at the same position is one entry. */
function dedupePositions(positions: string[]): string[] {
  const seen = new Set<string>();
  return positions.filter((p) => {
    const key = p.replace(/[A-D]$/, "");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Quotes a lexeme for a tsvector or tsquery literal. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/** A tsquery literal matching the words as a phrase (one word: the word itself). */
export function phraseQuery(words: readonly string[]): string {
  return words.map(quoteLexeme).join(" <-> ");
}
