import { micromark } from "micromark";

/**
 * Article bodies are Markdown written by department staff and shown to citizens, so they are
 * rendered with micromark's defaults: raw HTML is escaped (a <script> shows as text) and
 * dangerous link protocols (javascript:) are dropped. Never turn those options on here.
 */
export function renderMarkdown(markdown: string): string {
  return micromark(markdown);
}
