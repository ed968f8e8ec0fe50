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
  weight: number;
}

/**
 * `terms` are lower-case strings to find (longest first); `weights` optionally rates them (rarer
 * words count more when choosing the window). Returns escaped HTML.
 */
export function buildSnippet(text: string, terms: readonly string[], weights: ReadonlyMap<string, number> = new Map(), length = SNIPPET_LENGTH): string {
  // NFKC, as the analyser does (full-width letters and digits become ASCII), so the terms match.
  const source = text.normalize("NFKC").replace(/\s+/g, " ").trim();
  const lower = source.toLowerCase();
  const matches = findMatches(lower, terms, weights);
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
      const key = lower.slice(m.start, m.end);
      score += seen.has(key) ? m.weight * 0.1 : m.weight;
      seen.add(key);
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

function findMatches(lower: string, terms: readonly string[], weights: ReadonlyMap<string, number>): Match[] {
  const taken = new Uint8Array(lower.length);
  const matches: Match[] = [];
  for (const term of terms) {
    if (!term) continue;
    let from = 0;
    for (;;) {
      const at = lower.indexOf(term, from);
      if (at < 0) break;
      from = at + term.length;
      let free = true;
      for (let i = at; i < at + term.length; i++) if (taken[i]) free = false;
      if (!free) continue;
      taken.fill(1, at, at + term.length);
      matches.push({ start: at, end: at + term.length, weight: weights.get(term) ?? 1 });
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
