import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown.server";

describe("renderMarkdown", () => {
  it("renders Markdown structure", () => {
    expect(renderMarkdown("## 办理流程\n\n1. 预约\n2. 到窗口提交材料\n\n**免费**")).toBe(
      "<h2>办理流程</h2>\n<ol>\n<li>预约</li>\n<li>到窗口提交材料</li>\n</ol>\n<p><strong>免费</strong></p>",
    );
  });

  it.each([
    ["<script>alert(1)</script>", "<script"],
    ['<img src=x onerror="alert(1)">', "<img"],
    ["段落里的 <iframe src=//evil></iframe>", "<iframe"],
  ])("escapes raw HTML: %s", (markdown, tag) => {
    const html = renderMarkdown(markdown);
    expect(html).not.toContain(tag);
    expect(html).toContain("&lt;");
  });

  it("drops javascript: links but keeps https ones", () => {
    expect(renderMarkdown("[点我](javascript:alert(1))")).toBe('<p><a href="">点我</a></p>');
    expect(renderMarkdown("[官网](https://example.gov.cn)")).toBe('<p><a href="https://example.gov.cn">官网</a></p>');
  });
});
