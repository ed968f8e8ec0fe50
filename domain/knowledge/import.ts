import { eq } from "drizzle-orm";
import { z } from "zod";
import { ARTICLE_STATUSES, ARTICLE_TYPES, ARTICLE_VISIBILITIES, type ArticleType, articles, departments } from "~/db/schema";
import type { CommandContext } from "../command";
import { type ArticleIndexer, recordArticleChange } from "./articles";
import { deriveTitle } from "./title";

/**
 * `kb:import`: one article per JSON line, `{id?, title?, department?, type?, body, status?,
 * visibility?}`. Idempotent on `id` (kept as externalId): a line whose article exists updates it
 * when something changed and is skipped otherwise. Imported articles are published and public
 * unless the line says otherwise; a missing title is derived from the body.
 */
const TYPE_LABELS: Record<string, ArticleType> = { 办事指南: "service_guide", 政策问答: "policy_qa", 常见问题: "faq", 通知公告: "notice" };

export const importLineSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String).pipe(z.string().trim().min(1).max(100)).optional(),
  title: z.string().trim().max(120, "article_title_invalid").optional(),
  department: z.string().trim().max(100).optional(),
  type: z
    .string()
    .trim()
    .transform((t) => TYPE_LABELS[t] ?? t)
    .pipe(z.enum(ARTICLE_TYPES, { message: "article_type_invalid" }))
    .optional(),
  body: z.string().trim().min(1, "article_body_invalid").max(100_000, "article_body_invalid"),
  status: z.enum(ARTICLE_STATUSES, { message: "article_status_invalid" }).optional(),
  visibility: z.enum(ARTICLE_VISIBILITIES, { message: "article_visibility_invalid" }).optional(),
});
export type ImportLine = z.input<typeof importLineSchema>;

export type ImportOutcome = "created" | "updated" | "unchanged";

export class ImportLineError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "ImportLineError";
  }
}

/** Parses and validates one line; throws ImportLineError with a short reason. */
export function parseImportLine(text: string): z.output<typeof importLineSchema> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ImportLineError("not valid JSON");
  }
  const result = importLineSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ImportLineError(`${issue.path.join(".") || "line"}: ${issue.message}`);
  }
  return result.data;
}

export async function importArticle(
  ctx: CommandContext & { indexer: ArticleIndexer },
  line: z.output<typeof importLineSchema>,
): Promise<ImportOutcome> {
  const title = line.title && line.title.length >= 2 ? line.title : deriveTitle(line.body);
  return ctx.db.transaction(async (tx) => {
    const at = ctx.clock.now();
    const [owner] = line.department
      ? await tx.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.name, line.department))
      : [];
    const values = {
      externalId: line.id ?? null,
      type: line.type ?? ("faq" as const),
      title,
      titleDerived: !(line.title && line.title.length >= 2),
      body: line.body,
      departmentId: owner?.id ?? null,
      departmentName: owner?.name ?? line.department ?? null,
      visibility: line.visibility ?? ("public" as const),
      status: line.status ?? ("published" as const),
    };
    const [existing] = line.id ? await tx.select().from(articles).where(eq(articles.externalId, line.id)).for("update") : [];
    if (existing) {
      const same = (Object.keys(values) as (keyof typeof values)[]).every((k) => existing[k] === values[k]);
      if (same) return "unchanged";
      const [row] = await tx
        .update(articles)
        .set({
          ...values,
          version: existing.version + 1,
          updatedAt: at,
          publishedAt: values.status === "published" ? (existing.publishedAt ?? at) : existing.publishedAt,
        })
        .where(eq(articles.id, existing.id))
        .returning();
      await ctx.indexer.indexArticle(tx, row!.id);
      await recordArticleChange(tx, row!, { action: "import", actor: ctx.actor, at });
      return "updated";
    }
    const [row] = await tx
      .insert(articles)
      .values({ ...values, version: 1, createdAt: at, updatedAt: at, publishedAt: values.status === "published" ? at : null })
      .returning();
    await ctx.indexer.indexArticle(tx, row!.id);
    await recordArticleChange(tx, row!, { action: "import", actor: ctx.actor, at });
    return "created";
  });
}
