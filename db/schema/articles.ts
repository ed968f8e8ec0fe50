import { sql } from "drizzle-orm";
import { boolean, customType, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { departments } from "./departments";
import { users } from "./users";

/** Values the code depends on are enums; their labels (办事指南, 政策问答 …) live in app/i18n. */
export const ARTICLE_TYPES = ["service_guide", "policy_qa", "faq", "notice"] as const;
export const ARTICLE_VISIBILITIES = ["public", "internal"] as const;
/** draft → in_review → published → archived; see domain/knowledge/articles.ts for the transitions. */
export const ARTICLE_STATUSES = ["draft", "in_review", "published", "archived"] as const;

export type ArticleType = (typeof ARTICLE_TYPES)[number];
export type ArticleVisibility = (typeof ARTICLE_VISIBILITIES)[number];
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const articleType = pgEnum("article_type", ARTICLE_TYPES);
export const articleVisibility = pgEnum("article_visibility", ARTICLE_VISIBILITIES);
export const articleStatus = pgEnum("article_status", ARTICLE_STATUSES);

/**
 * The structured fields of a 办事指南 (service guide). Stored as one JSON value so that a version
 * row can keep a copy; validated by domain/knowledge/articles.ts (承诺时限 ≤ half of 法定时限).
 */
export interface ServiceGuideFields {
  /** 事项名称 */
  itemName?: string;
  /** 办理部门 */
  handlingDepartment?: string;
  /** 办理地点 */
  location?: string;
  /** 办理时间 */
  hours?: string;
  /** 咨询电话 */
  phone?: string;
  /** 法定时限, in working days */
  legalLimitDays?: number;
  /** 承诺时限, in working days */
  promisedLimitDays?: number;
  /** 申请材料 */
  materials?: string[];
  /** 办理流程 */
  process?: string;
  /** 收费 */
  fees?: string;
  /** 设定依据 */
  basis?: string;
}

/** A PostgreSQL `tsvector`, written by the application as a literal (see search/postgres/). */
export const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/** A knowledge-base article (知识库文章). */
export const articles = pgTable(
  "articles",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    /** The id in the system an article was imported from (`kb:import` is idempotent on it). */
    externalId: text("external_id").unique(),
    type: articleType("type").notNull(),
    title: text("title").notNull(),
    /** True when the title was derived from the body (imports without a title). */
    titleDerived: boolean("title_derived").notNull().default(false),
    /** Markdown; sanitised when rendered. */
    body: text("body").notNull(),
    guide: jsonb("guide").$type<ServiceGuideFields>(),
    /** The owning department (edits the article); null = the knowledge-base administrators. */
    departmentId: integer("department_id").references(() => departments.id),
    /** Shown as 来源/办理部门; the owner's name, or the name an import carried. */
    departmentName: text("department_name"),
    visibility: articleVisibility("visibility").notNull().default("public"),
    status: articleStatus("status").notNull().default("draft"),
    /** The owner must review the article by this date; overdue reviews are flagged. */
    reviewBy: date("review_by", { mode: "string" }),
    /** Incremented by every content change; article_versions rows carry the number they saw. */
    version: integer("version").notNull().default(1),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    createdBy: text("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    // Postgres search backend: maintained by the application in the same transaction as the
    // article (search/postgres/index-writer.ts), from jieba-segmented text.
    /** Weighted lexemes: title A, structured fields and department B, body C. */
    searchVector: tsvector("search_vector"),
    /** Number of indexed tokens, for BM25-style length normalisation. */
    searchLength: integer("search_length").notNull().default(0),
    /** The title segmented into words, space-separated: what pg_trgm matches short queries on. */
    searchTitle: text("search_title").notNull().default(""),
    /** Answer types the body has (yes/no, number, list, steps …), a bit mask: search/answer-types.ts. */
    searchTraits: integer("search_traits").notNull().default(0),
  },
  (t) => [
    // fastupdate off: new entries go into the index itself, not a pending list that every search
    // reads through until a vacuum merges it — and PGlite never vacuums (ADR 0005).
    index("articles_search_vector_idx").using("gin", t.searchVector).with({ fastupdate: false }),
    index("articles_search_title_trgm_idx").using("gin", t.searchTitle.op("gin_trgm_ops")).with({ fastupdate: false }),
    index("articles_status_visibility_idx").on(t.status, t.visibility),
    index("articles_department_idx").on(t.departmentId),
    index("articles_review_by_idx").on(t.reviewBy).where(sql`${t.status} = 'published'`),
  ],
);

/** Every saved state of an article, newest last: the history and the diff view read these. */
export const articleVersions = pgTable(
  "article_versions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id),
    version: integer("version").notNull(),
    type: articleType("type").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    guide: jsonb("guide").$type<ServiceGuideFields>(),
    visibility: articleVisibility("visibility").notNull(),
    status: articleStatus("status").notNull(),
    departmentId: integer("department_id"),
    reviewBy: date("review_by", { mode: "string" }),
    /** What happened: create, update, submit, publish, return, archive, import. */
    action: text("action").notNull(),
    note: text("note"),
    actorId: text("actor_id"),
    actorLabel: text("actor_label").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [index("article_versions_article_idx").on(t.articleId, t.id)],
);

/** A group of terms that mean the same thing to a searcher (噪音 = 噪声 = 扰民). Administrator data. */
export const synonymGroups = pgTable(
  "synonym_groups",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    /** Lower-cased, distinct, at least two. */
    terms: text("terms").array().notNull(),
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("synonym_groups_terms_idx").using("gin", t.terms).with({ fastupdate: false })],
);

/**
 * Document frequencies of the lexemes in `articles.search_vector`, kept by the same
 * transaction that writes the vector; the Postgres backend turns them into IDF weights.
 * The row with term '' holds the number of indexed articles and their total length.
 */
export const searchTermStats = pgTable("search_term_stats", {
  term: text("term").primaryKey(),
  docCount: integer("doc_count").notNull(),
  /** Only on the '' row: the sum of `articles.search_length`. */
  totalLength: integer("total_length").notNull().default(0),
});

export type Article = typeof articles.$inferSelect;
export type ArticleVersion = typeof articleVersions.$inferSelect;
export type SynonymGroup = typeof synonymGroups.$inferSelect;
