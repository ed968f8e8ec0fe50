import { formOptionalId, formText } from "~/app/form.server";
import type { ArticleType, ArticleVisibility } from "~/db/schema";
import type { ArticleInput } from "~/domain/knowledge/articles";

/** The 办事指南 fields of the article form, by input name (`guide.<field>`, as the domain reports errors). */
const GUIDE_TEXT_FIELDS = ["itemName", "handlingDepartment", "location", "hours", "phone", "process", "fees", "basis"] as const;
const GUIDE_LIMIT_FIELDS = ["legalLimitDays", "promisedLimitDays"] as const;

/**
 * Reads the article form. Values pass through as typed: the domain's schema validates them
 * and names the offending field, which the page shows next to it.
 */
export function articleInputFromForm(form: FormData): ArticleInput {
  const guide: Record<string, unknown> = {};
  for (const name of GUIDE_TEXT_FIELDS) guide[name] = formText(form, `guide.${name}`);
  // An empty limit means "not given"; anything else goes to the domain, which refuses non-numbers.
  for (const name of GUIDE_LIMIT_FIELDS) {
    const value = formText(form, `guide.${name}`);
    if (value !== "") guide[name] = value;
  }
  guide.materials = formText(form, "guide.materials").split(/\r?\n/);
  const type = formText(form, "type") as ArticleType;
  return {
    type,
    title: formText(form, "title"),
    body: formText(form, "body"),
    // Only service guides carry the structured fields; other types do not validate them.
    guide: type === "service_guide" ? (guide as ArticleInput["guide"]) : null,
    departmentId: formOptionalId(form, "departmentId"),
    visibility: formText(form, "visibility") as ArticleVisibility,
    reviewBy: formText(form, "reviewBy"),
  };
}
