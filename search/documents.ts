import type { ArticleStatus, ArticleType, ArticleVisibility, ServiceGuideFields } from "~/db/schema";

/** What both backends index for an article: plain text, no Markdown. */
export interface SearchDocument {
  id: number;
  externalId: string | null;
  type: ArticleType;
  title: string;
  /** The structured service-guide fields as one text (事项名称, 办理部门, 申请材料 …). */
  fields: string;
  body: string;
  department: string | null;
  departmentId: number | null;
  visibility: ArticleVisibility;
  status: ArticleStatus;
  /** Epoch milliseconds, for sorting by recency. */
  updatedAt: number;
}

export interface ArticleForIndex {
  id: number;
  externalId: string | null;
  type: ArticleType;
  title: string;
  body: string;
  guide: ServiceGuideFields | null;
  departmentId: number | null;
  departmentName: string | null;
  visibility: ArticleVisibility;
  status: ArticleStatus;
  updatedAt: Date;
}

export function toSearchDocument(article: ArticleForIndex): SearchDocument {
  return {
    id: article.id,
    externalId: article.externalId,
    type: article.type,
    title: article.title,
    fields: guideText(article.guide),
    body: markdownToText(article.body),
    department: article.departmentName,
    departmentId: article.departmentId,
    visibility: article.visibility,
    status: article.status,
    updatedAt: article.updatedAt.getTime(),
  };
}

/** The searchable words of the structured fields (numbers of days are not worth indexing). */
export function guideText(guide: ServiceGuideFields | null): string {
  if (!guide) return "";
  const parts = [guide.itemName, guide.handlingDepartment, guide.location, guide.hours, guide.phone, ...(guide.materials ?? []), guide.process, guide.fees, guide.basis];
  return parts.filter((p): p is string => typeof p === "string" && p.trim() !== "").join("\n");
}

/** Markdown to the text a reader sees: markup, link targets and HTML tags dropped. */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/```[^\n]*\n?/g, "")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, " ")
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, "")
    .replace(/(\*\*|__|\*|_|`|~~)/g, "")
    .replace(/^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*$/gm, "")
    .replace(/\|/g, " ");
}
