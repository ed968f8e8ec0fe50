import { and, asc, count, desc, eq, inArray, lte, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Queryable, Transaction } from "~/db/client";
import {
  ARTICLE_STATUSES,
  ARTICLE_TYPES,
  ARTICLE_VISIBILITIES,
  type Article,
  type ArticleStatus,
  type ArticleType,
  type ArticleVisibility,
  articleVersions,
  articles,
  departments,
  outbox,
  type ServiceGuideFields,
} from "~/db/schema";
import type { Actor } from "../audit";
import { type CommandContext, parseInput } from "../command";
import { conflict, DomainError, invalidInput, notFound } from "../errors";
import type { StaffRole } from "../staff/roles";

/**
 * Knowledge-base articles: departments draft and update their own, a knowledge-base
 * administrator reviews and publishes. Every change is one transaction that writes the article,
 * appends an article_versions row (the history and diff view), brings the Postgres search
 * columns up to date through `ctx.indexer`, and appends a `search.index` outbox row for other
 * backends (Meilisearch), which a worker applies after commit.
 */

/** Who acts on articles: staff with roles and, for department staff, their department. */
export interface KnowledgeActor extends Actor {
  roles: readonly StaffRole[];
  departmentId: number | null;
}

/**
 * Brings an article's search columns up to date inside the command's transaction. Implemented
 * by the Postgres search backend (search/postgres/index-writer.ts); passed in so that domain/
 * does not depend on the search layer.
 */
export interface ArticleIndexer {
  indexArticle(db: Queryable, articleId: number): Promise<void>;
}

export interface KnowledgeContext extends CommandContext {
  actor: KnowledgeActor;
  indexer: ArticleIndexer;
}

/**
 * Who reviews and publishes (the knowledge-base administrators). There is no separate
 * knowledge-base role: administrators keep the knowledge base as one of their duties, and
 * supervisors (督办/质检, who check answers for quality) review alongside them.
 */
export const KNOWLEDGE_REVIEWER_ROLES: readonly StaffRole[] = ["administrator", "supervisor"];
/** Department roles that edit their own department's articles. */
export const KNOWLEDGE_DEPARTMENT_EDITOR_ROLES: readonly StaffRole[] = ["department_handler", "department_lead"];

export function isKnowledgeReviewer(actor: Pick<KnowledgeActor, "roles">): boolean {
  return actor.roles.some((r) => KNOWLEDGE_REVIEWER_ROLES.includes(r));
}

/** Reviewers edit every article; department staff edit their own department's. */
export function canEditArticle(actor: Pick<KnowledgeActor, "roles" | "departmentId">, article: Pick<Article, "departmentId">): boolean {
  if (isKnowledgeReviewer(actor)) return true;
  return (
    actor.departmentId !== null &&
    article.departmentId === actor.departmentId &&
    actor.roles.some((r) => KNOWLEDGE_DEPARTMENT_EDITOR_ROLES.includes(r))
  );
}

/** Status changes: from which states, to which, and whether the editor or a reviewer acts. */
export const ARTICLE_TRANSITIONS = {
  submit: { from: ["draft"], to: "in_review", by: "editor" },
  publish: { from: ["draft", "in_review"], to: "published", by: "reviewer" },
  return: { from: ["in_review"], to: "draft", by: "reviewer" },
  archive: { from: ["draft", "in_review", "published"], to: "archived", by: "editor" },
  restore: { from: ["archived"], to: "draft", by: "editor" },
} as const satisfies Record<string, { from: readonly ArticleStatus[]; to: ArticleStatus; by: "editor" | "reviewer" }>;
export type ArticleTransition = keyof typeof ARTICLE_TRANSITIONS;

const optionalText = (max: number, code: string) =>
  z
    .string()
    .trim()
    .max(max, code)
    .optional()
    .transform((v) => (v ? v : undefined));

const limitDays = z.coerce.number({ message: "limit_days_invalid" }).int("limit_days_invalid").min(1, "limit_days_invalid").max(365, "limit_days_invalid");

/** The structured fields of a 办事指南; 承诺时限 is at most half of 法定时限. */
export const serviceGuideSchema = z
  .object({
    itemName: optionalText(200, "guide_text_too_long"),
    handlingDepartment: optionalText(200, "guide_text_too_long"),
    location: optionalText(500, "guide_text_too_long"),
    hours: optionalText(200, "guide_text_too_long"),
    phone: optionalText(100, "guide_text_too_long"),
    legalLimitDays: limitDays.optional(),
    promisedLimitDays: limitDays.optional(),
    materials: z.array(z.string().trim().max(300, "guide_text_too_long")).max(100, "guide_materials_too_many").optional()
      .transform((list) => list?.filter((m) => m !== "")),
    process: optionalText(5000, "guide_text_too_long"),
    fees: optionalText(1000, "guide_text_too_long"),
    basis: optionalText(2000, "guide_text_too_long"),
  })
  .superRefine((g, ctx) => {
    if (g.promisedLimitDays !== undefined && g.legalLimitDays === undefined) {
      ctx.addIssue({ code: "custom", message: "legal_limit_required", path: ["legalLimitDays"] });
    }
    if (g.promisedLimitDays !== undefined && g.legalLimitDays !== undefined && g.promisedLimitDays * 2 > g.legalLimitDays) {
      ctx.addIssue({ code: "custom", message: "promised_limit_over_half", path: ["promisedLimitDays"] });
    }
  });

export const articleInputSchema = z
  .object({
    type: z.enum(ARTICLE_TYPES, { message: "article_type_invalid" }),
    title: z.string().trim().min(2, "article_title_invalid").max(120, "article_title_invalid"),
    body: z.string().trim().min(1, "article_body_invalid").max(100_000, "article_body_invalid"),
    guide: serviceGuideSchema.nullable().optional(),
    departmentId: z.number().int().positive().nullable(),
    visibility: z.enum(ARTICLE_VISIBILITIES, { message: "article_visibility_invalid" }),
    reviewBy: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "invalid_date")
      .refine((d) => !Number.isNaN(Date.parse(d)), "invalid_date")
      .nullable()
      .or(z.literal("").transform(() => null))
      .optional(),
  })
  .transform((input) => ({
    ...input,
    // Only service guides carry the structured fields.
    guide: input.type === "service_guide" && input.guide ? stripEmpty(input.guide) : null,
    reviewBy: input.reviewBy ?? null,
  }));
export type ArticleInput = z.input<typeof articleInputSchema>;

function stripEmpty(guide: ServiceGuideFields): ServiceGuideFields | null {
  const entries = Object.entries(guide).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0));
  return entries.length ? (Object.fromEntries(entries) as ServiceGuideFields) : null;
}

async function departmentName(db: Queryable, departmentId: number | null): Promise<string | null> {
  if (departmentId === null) return null;
  const [row] = await db.select({ name: departments.name }).from(departments).where(eq(departments.id, departmentId));
  if (!row) throw invalidInput("department_not_found", "departmentId");
  return row.name;
}

export type VersionAction = "create" | "update" | "import" | ArticleTransition;

/** Appends the article's current state to its history, and the outbox row for other indexes. */
export async function recordArticleChange(
  tx: Queryable,
  article: Article,
  entry: { action: VersionAction; actor: Actor; at: Date; note?: string | null },
): Promise<void> {
  await tx.insert(articleVersions).values({
    articleId: article.id,
    version: article.version,
    type: article.type,
    title: article.title,
    body: article.body,
    guide: article.guide,
    visibility: article.visibility,
    status: article.status,
    departmentId: article.departmentId,
    reviewBy: article.reviewBy,
    action: entry.action,
    note: entry.note ?? null,
    actorId: entry.actor.id,
    actorLabel: entry.actor.label,
    at: entry.at,
  });
  await tx.insert(outbox).values({
    topic: "search.index",
    payload: { articleId: article.id, action: entry.action },
    createdAt: entry.at,
    availableAt: entry.at,
  });
}

export async function getArticle(db: Queryable, { id }: { id: number }): Promise<Article> {
  const [row] = await db.select().from(articles).where(eq(articles.id, id));
  if (!row) throw notFound("article_not_found");
  return row;
}

async function lockArticle(tx: Transaction, id: number): Promise<Article> {
  const [row] = await tx.select().from(articles).where(eq(articles.id, id)).for("update");
  if (!row) throw notFound("article_not_found");
  return row;
}

export async function createArticle(ctx: KnowledgeContext, raw: ArticleInput): Promise<Article> {
  const input = parseInput(articleInputSchema, raw);
  const reviewer = isKnowledgeReviewer(ctx.actor);
  if (!reviewer && !canEditArticle(ctx.actor, { departmentId: input.departmentId })) {
    throw new DomainError("action_not_permitted", 403);
  }
  return ctx.db.transaction(async (tx) => {
    const at = ctx.clock.now();
    const [row] = await tx
      .insert(articles)
      .values({
        ...input,
        departmentName: await departmentName(tx, input.departmentId),
        status: "draft",
        version: 1,
        createdBy: ctx.actor.id,
        createdAt: at,
        updatedAt: at,
      })
      .returning();
    await ctx.indexer.indexArticle(tx, row!.id);
    await recordArticleChange(tx, row!, { action: "create", actor: ctx.actor, at });
    return row!;
  });
}

/**
 * Saves new content. The status stays as it is (a published article stays published: the
 * history keeps what it said before); moving to another department needs a reviewer.
 */
export async function updateArticle(ctx: KnowledgeContext, id: number, raw: ArticleInput, note?: string): Promise<Article> {
  const input = parseInput(articleInputSchema, raw);
  return ctx.db.transaction(async (tx) => {
    const before = await lockArticle(tx, id);
    if (!canEditArticle(ctx.actor, before)) throw new DomainError("action_not_permitted", 403);
    if (input.departmentId !== before.departmentId && !isKnowledgeReviewer(ctx.actor)) {
      throw new DomainError("action_not_permitted", 403);
    }
    const at = ctx.clock.now();
    const [row] = await tx
      .update(articles)
      .set({
        ...input,
        titleDerived: input.title === before.title ? before.titleDerived : false,
        departmentName: input.departmentId === before.departmentId ? before.departmentName : await departmentName(tx, input.departmentId),
        version: before.version + 1,
        updatedAt: at,
      })
      .where(eq(articles.id, id))
      .returning();
    await ctx.indexer.indexArticle(tx, id);
    await recordArticleChange(tx, row!, { action: "update", actor: ctx.actor, at, note: note?.trim() || null });
    return row!;
  });
}

/** submit / publish / return / archive / restore, as the transition table allows. */
export async function changeArticleStatus(ctx: KnowledgeContext, id: number, transition: ArticleTransition, note?: string): Promise<Article> {
  const rule = ARTICLE_TRANSITIONS[transition];
  return ctx.db.transaction(async (tx) => {
    const before = await lockArticle(tx, id);
    const allowed = rule.by === "reviewer" ? isKnowledgeReviewer(ctx.actor) : canEditArticle(ctx.actor, before);
    if (!allowed) throw new DomainError("action_not_permitted", 403);
    if (!(rule.from as readonly ArticleStatus[]).includes(before.status)) {
      throw conflict("article_transition_not_allowed", { status: before.status });
    }
    const at = ctx.clock.now();
    const [row] = await tx
      .update(articles)
      .set({ status: rule.to, updatedAt: at, ...(rule.to === "published" ? { publishedAt: at } : {}) })
      .where(eq(articles.id, id))
      .returning();
    await recordArticleChange(tx, row!, { action: transition, actor: ctx.actor, at, note: note?.trim() || null });
    return row!;
  });
}

export const submitArticle = (ctx: KnowledgeContext, id: number, note?: string) => changeArticleStatus(ctx, id, "submit", note);
export const publishArticle = (ctx: KnowledgeContext, id: number, note?: string) => changeArticleStatus(ctx, id, "publish", note);
export const returnArticle = (ctx: KnowledgeContext, id: number, note?: string) => changeArticleStatus(ctx, id, "return", note);
export const archiveArticle = (ctx: KnowledgeContext, id: number, note?: string) => changeArticleStatus(ctx, id, "archive", note);
export const restoreArticle = (ctx: KnowledgeContext, id: number, note?: string) => changeArticleStatus(ctx, id, "restore", note);

export interface ArticleListFilter {
  /** Any of these statuses (none = every status). */
  statuses?: readonly ArticleStatus[];
  type?: ArticleType;
  visibility?: ArticleVisibility;
  departmentId?: number;
  /** Published articles whose review-by date is on or before this day (YYYY-MM-DD). */
  reviewDueBy?: string;
}

/** The columns of an article list row (no body). */
const listColumns = {
  id: articles.id,
  externalId: articles.externalId,
  type: articles.type,
  title: articles.title,
  departmentId: articles.departmentId,
  departmentName: articles.departmentName,
  visibility: articles.visibility,
  status: articles.status,
  reviewBy: articles.reviewBy,
  version: articles.version,
  updatedAt: articles.updatedAt,
};

export async function listArticles(db: Queryable, filter: ArticleListFilter, page: { offset: number; limit: number }) {
  const conditions: SQL[] = [];
  if (filter.statuses?.length) conditions.push(inArray(articles.status, [...filter.statuses]));
  if (filter.type) conditions.push(eq(articles.type, filter.type));
  if (filter.visibility) conditions.push(eq(articles.visibility, filter.visibility));
  if (filter.departmentId) conditions.push(eq(articles.departmentId, filter.departmentId));
  if (filter.reviewDueBy) conditions.push(eq(articles.status, "published"), lte(articles.reviewBy, filter.reviewDueBy));
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [total]] = await Promise.all([
    db.select(listColumns).from(articles).where(where).orderBy(desc(articles.updatedAt), desc(articles.id)).offset(page.offset).limit(page.limit),
    db.select({ value: count() }).from(articles).where(where),
  ]);
  return { rows, total: total?.value ?? 0 };
}

/** List rows of the given articles (search hits), in no particular order. */
export function listArticlesByIds(db: Queryable, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.select(listColumns).from(articles).where(inArray(articles.id, [...ids]));
}

/** Published articles of a department whose review date has passed: flagged to the owner. */
export function listOverdueReviews(db: Queryable, { departmentId, today }: { departmentId: number | null; today: string }) {
  return db
    .select({ id: articles.id, title: articles.title, reviewBy: articles.reviewBy })
    .from(articles)
    .where(
      and(
        eq(articles.status, "published"),
        lte(articles.reviewBy, today),
        departmentId === null ? sql`true` : eq(articles.departmentId, departmentId),
      ),
    )
    .orderBy(asc(articles.reviewBy));
}

export function listArticleVersions(db: Queryable, { articleId }: { articleId: number }) {
  return db.select().from(articleVersions).where(eq(articleVersions.articleId, articleId)).orderBy(asc(articleVersions.id));
}

export { ARTICLE_STATUSES, ARTICLE_TYPES, ARTICLE_VISIBILITIES };
