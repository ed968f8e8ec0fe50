/**
 * A title for an article that came without one (imports of Q&A answers): its first sentence,
 * without greetings, list numbers or an "答：" prefix, cut at a clause boundary near 40
 * characters. A very short first sentence (是的。不可以。) takes the next one too, since it
 * says nothing alone.
 */
export const DERIVED_TITLE_MAX = 40;

const LEADING_NOISE = [
  /^\s*(答|回复|解答)\s*[:：]\s*/,
  /^\s*(您好|你好|尊敬的[^，,！!。]{0,10})[，,！!。：:\s]*/,
  /^\s*(第[一二三四五六七八九十]+[步条点]|[一二三四五六七八九十]+[、.．]|[（(]?\d{1,2}[)）、.．]|[①②③④⑤⑥⑦⑧⑨⑩])\s*/,
];

export function deriveTitle(body: string): string {
  let text = body.replace(/[#*_`>]/g, " ").replace(/\s+/g, " ").trim();
  for (let changed = true; changed; ) {
    changed = false;
    for (const pattern of LEADING_NOISE) {
      const next = text.replace(pattern, "");
      if (next !== text) {
        text = next;
        changed = true;
      }
    }
  }
  const sentences = text.split(/(?<=[。！？!?；;])/).map((s) => s.trim()).filter(Boolean);
  let title = sentences[0] ?? "";
  for (let i = 1; i < sentences.length && [...title].length < 8; i++) title += sentences[i];
  title = title.replace(/[。！？!?；;，,、：:]+$/, "");
  const chars = [...title];
  if (chars.length > DERIVED_TITLE_MAX) {
    const head = chars.slice(0, DERIVED_TITLE_MAX).join("");
    const cut = Math.max(head.lastIndexOf("，"), head.lastIndexOf(","), head.lastIndexOf("、"), head.lastIndexOf("："));
    title = (cut >= 12 ? head.slice(0, cut) : head) + "…";
  }
  return title || "（无标题）";
}
