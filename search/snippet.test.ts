import { describe, expect, it } from "vitest";
import { buildSnippet } from "./snippet";

describe("buildSnippet", () => {
  it("shows the text as written: Chinese punctuation stays full-width", () => {
    expect(buildSnippet("夜间施工，噪声扰民。", ["噪声"])).toBe("夜间施工，<mark>噪声</mark>扰民。");
  });

  it("matches full-width letters and digits as the analyser folds them, and marks them as written", () => {
    expect(buildSnippet("拨打１２３４５或登录ＡＰＰ", ["12345", "app"])).toBe("拨打<mark>１２３４５</mark>或登录<mark>ＡＰＰ</mark>");
  });

  it("escapes HTML around and inside the marks", () => {
    expect(buildSnippet("<b>噪声</b> & 扰民", ["噪声"])).toBe("&lt;b&gt;<mark>噪声</mark>&lt;/b&gt; &amp; 扰民");
  });

  it("collapses white space and picks the window holding the rarest term", () => {
    const text = `${"路灯".repeat(30)}\n\n${"其他内容".repeat(30)}井盖缺失${"其他内容".repeat(30)}`;
    const snippet = buildSnippet(text, ["路灯", "井盖"], new Map([["路灯", 0.1], ["井盖", 5]]), 20);
    expect(snippet).toContain("<mark>井盖</mark>");
    expect(snippet.startsWith("…") && snippet.endsWith("…")).toBe(true);
    expect(snippet).not.toMatch(/\s{2}/);
  });
});
