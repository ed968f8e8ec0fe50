/**
 * Snippets with highlights, the same for every backend: the window of the text that holds the
 * most (and the rarest) query words, HTML-escaped, matches wrapped in <mark>…</mark>.
 */
export const SNIPPET_LENGTH = 90;

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

interface Match {
  start: number;
  end: number;
  /** The query term it matches (distinct terms count fully when choosing the window). */
  term: string;
  weight: number;
}

/**
 * `terms` are lower-case strings to find (longest first); `weights` optionally rates them (rarer
 * words count more when choosing the window). Returns escaped HTML.
 */
export function buildSnippet(text: string, terms: readonly string[], weights: ReadonlyMap<string, number> = new Map(), length = SNIPPET_LENGTH): string {
  const { source, folded, origin } = foldForMatching(text);
  const matches = findMatches(folded, terms, weights).map((m) => ({ ...m, start: origin[m.start]!, end: origin[m.end]! }));
  if (source.length <= length) return markUp(source, matches, 0, source.length);
  // Slide a window over the matches; keep the one with the highest weight of distinct terms.
  let bestStart = 0;
  let bestScore = -1;
  for (const first of matches) {
    const start = Math.max(0, first.start - 10);
    const end = start + length;
    const seen = new Set<string>();
    let score = 0;
    for (const m of matches) {
      if (m.start < start || m.end > end) continue;
      score += seen.has(m.term) ? m.weight * 0.1 : m.weight;
      seen.add(m.term);
    }
    if (score > bestScore) {
      bestScore = score;
      bestStart = start;
    }
  }
  const end = Math.min(source.length, bestStart + length);
  const start = Math.max(0, Math.min(bestStart, end - length));
  return `${start > 0 ? "…" : ""}${markUp(source, matches, start, end)}${end < source.length ? "…" : ""}`;
}

/**
 * The text as shown (white space collapsed, otherwise as written: full-width ，。 stay) and, for
 * matching, its NFKC lower-case form as the analyser sees it (full-width letters and digits become
 * ASCII), with each position of that form mapped back to the shown text.
 */
function foldForMatching(text: string): { source: string; folded: string; origin: number[] } {
  const source = text.replace(/\s+/g, " ").trim();
  let folded = "";
  const origin: number[] = [];
  let at = 0;
  for (const character of source) {
    const form = character.normalize("NFKC").toLowerCase();
    for (let i = 0; i < form.length; i++) origin.push(at);
    folded += form;
    at += character.length;
  }
  origin.push(at);
  return { source, folded, origin };
}

function findMatches(folded: string, terms: readonly string[], weights: ReadonlyMap<string, number>): Match[] {
  const taken = new Uint8Array(folded.length);
  const matches: Match[] = [];
  for (const term of terms) {
    if (!term) continue;
    let from = 0;
    for (;;) {
      const at = folded.indexOf(term, from);
      if (at < 0) break;
      from = at + term.length;
      let free = true;
      for (let i = at; i < at + term.length; i++) if (taken[i]) free = false;
      if (!free) continue;
      taken.fill(1, at, at + term.length);
      matches.push({ start: at, end: at + term.length, term, weight: weights.get(term) ?? 1 });
    }
  }
  return matches.sort((a, b) => a.start - b.start);
}

function markUp(source: string, matches: readonly Match[], start: number, end: number): string {
  let out = "";
  let cursor = start;
  for (const m of matches) {
    if (m.start < start || m.end > end) continue;
    out += escapeHtml(source.slice(cursor, m.start)) + "<mark>" + escapeHtml(source.slice(m.start, m.end)) + "</mark>";
    cursor = m.end;
  }
  return out + escapeHtml(source.slice(cursor, end));
}
