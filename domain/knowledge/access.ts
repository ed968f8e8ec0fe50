import { ARTICLE_STATUSES, type Article, type ArticleStatus } from "~/db/schema";
import {
  ARTICLE_TRANSITIONS,
  type ArticleTransition,
  canEditArticle,
  isKnowledgeReviewer,
  KNOWLEDGE_DEPARTMENT_EDITOR_ROLES,
  type KnowledgeActor,
} from "./articles";

/**
 * Who reads which articles in the workspace. Published articles are for every staff member;
 * drafts, articles in review and archived ones are work in progress, seen only by the people
 * who may change them: the reviewers, and the owner department's editors.
 */

export function canViewArticle(actor: Pick<KnowledgeActor, "roles" | "departmentId">, article: Pick<Article, "status" | "departmentId">): boolean {
  return article.status === "published" || canEditArticle(actor, article);
}

/** Department staff who edit their own department's articles (handlers and leads with a department). */
export function editorDepartmentOf(actor: Pick<KnowledgeActor, "roles" | "departmentId">): number | null {
  if (actor.departmentId === null) return null;
  return actor.roles.some((r) => KNOWLEDGE_DEPARTMENT_EDITOR_ROLES.includes(r)) ? actor.departmentId : null;
}

/** Whether the actor may start a new article at all (for their department, or any as a reviewer). */
export function canCreateArticles(actor: Pick<KnowledgeActor, "roles" | "departmentId">): boolean {
  return isKnowledgeReviewer(actor) || editorDepartmentOf(actor) !== null;
}

export interface ArticleScopeRequest {
  status?: ArticleStatus;
  departmentId?: number;
}

export interface ArticleScope {
  statuses: readonly ArticleStatus[];
  departmentId?: number;
}

/**
 * Narrows what a list or search asks for to what the actor may read. Reviewers get what they
 * ask; a department editor sees unpublished articles of their own department only (asking for
 * drafts pins the department); everyone else sees published articles.
 */
export function scopeArticleList(actor: Pick<KnowledgeActor, "roles" | "departmentId">, request: ArticleScopeRequest): ArticleScope {
  if (isKnowledgeReviewer(actor)) {
    return { statuses: request.status ? [request.status] : ARTICLE_STATUSES, departmentId: request.departmentId };
  }
  const own = editorDepartmentOf(actor);
  if (own !== null && request.status && request.status !== "published") {
    return { statuses: [request.status], departmentId: own };
  }
  if (own !== null && !request.status && request.departmentId === own) {
    return { statuses: ARTICLE_STATUSES, departmentId: own };
  }
  return { statuses: ["published"], departmentId: request.departmentId };
}

/** The status changes the actor could make now (the article page offers exactly these). */
export function allowedArticleTransitions(actor: Pick<KnowledgeActor, "roles" | "departmentId">, article: Pick<Article, "status" | "departmentId">): ArticleTransition[] {
  return (Object.keys(ARTICLE_TRANSITIONS) as ArticleTransition[]).filter((transition) => {
    const rule = ARTICLE_TRANSITIONS[transition];
    if (!(rule.from as readonly ArticleStatus[]).includes(article.status)) return false;
    return rule.by === "reviewer" ? isKnowledgeReviewer(actor) : canEditArticle(actor, article);
  });
}

/** What citizens may read (the public knowledge base): published, public articles only. */
export function isPublicArticle(article: Pick<Article, "status" | "visibility">): boolean {
  return article.status === "published" && article.visibility === "public";
}
