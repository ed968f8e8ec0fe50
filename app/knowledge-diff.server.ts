import { diffWords } from "diff";
import { messages } from "~/app/i18n";
import type { ArticleVersion, ServiceGuideFields } from "~/db/schema";

export type DiffPart = { kind: "same" | "ins" | "del"; text: string };
export interface FieldDiff {
  label: string;
  parts: DiffPart[];
}

/**
 * Chinese has no spaces between words, so a plain word diff would see a whole sentence as one
 * "word". Intl.Segmenter splits Chinese into words (and keeps Latin words and numbers whole),
 * which gives diffs a reader can follow: 社区服务站 → 街道服务中心 marks 社区/站 and 街道/中心.
 */
const segmenter = new Intl.Segmenter("zh-CN", { granularity: "word" });

export function diffText(before: string, after: string): DiffPart[] {
  return diffWords(before, after, { intlSegmenter: segmenter }).map((change) => ({
    kind: change.added ? "ins" : change.removed ? "del" : "same",
    text: change.value,
  }));
}

type Version = Pick<ArticleVersion, "title" | "type" | "body" | "visibility" | "status" | "reviewBy" | "guide"> & { departmentName: string | null };

/** The fields of two saved versions that differ, each as a word diff; unchanged fields are left out. */
export function diffVersions(before: Version, after: Version): FieldDiff[] {
  const k = messages.knowledge;
  const f = k.pages.history.fields;
  const fields: [string, (v: Version) => string][] = [
    [f.title, (v) => v.title],
    [f.type, (v) => k.types[v.type]],
    [f.status, (v) => k.statuses[v.status]],
    [f.visibility, (v) => k.visibilities[v.visibility]],
    [f.department, (v) => v.departmentName ?? k.pages.list.noDepartment],
    [f.reviewBy, (v) => v.reviewBy ?? ""],
    ...(Object.keys(k.guide) as (keyof ServiceGuideFields)[]).map((key): [string, (v: Version) => string] => [k.guide[key], (v) => guideValue(v.guide, key)]),
    [f.body, (v) => v.body],
  ];
  return fields.flatMap(([label, read]) => {
    const [a, b] = [read(before), read(after)];
    return a === b ? [] : [{ label, parts: diffText(a, b) }];
  });
}

function guideValue(guide: ServiceGuideFields | null, key: keyof ServiceGuideFields): string {
  const value = guide?.[key];
  if (value === undefined) return "";
  return Array.isArray(value) ? value.join("\n") : String(value);
}
