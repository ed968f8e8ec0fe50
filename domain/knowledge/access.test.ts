import { describe, expect, it } from "vitest";
import { ARTICLE_STATUSES } from "~/db/schema";
import { allowedArticleTransitions, canViewArticle, isPublicArticle, scopeArticleList } from "./access";
import type { KnowledgeActor } from "./articles";
import { isReviewOverdue, reviewToday } from "./review-dates";

const actor = (roles: KnowledgeActor["roles"], departmentId: number | null = null) => ({ roles, departmentId });
const admin = actor(["administrator"]);
const supervisor = actor(["supervisor"]);
const operator = actor(["operator"]);
const handlerOf7 = actor(["department_handler"], 7);

describe("reading articles", () => {
  it.each([
    ["published, any department", operator, { status: "published", departmentId: 7 }, true],
    ["a draft, not an editor", operator, { status: "draft", departmentId: 7 }, false],
    ["own department's draft", handlerOf7, { status: "draft", departmentId: 7 }, true],
    ["another department's draft", handlerOf7, { status: "draft", departmentId: 8 }, false],
    ["any draft, reviewer", supervisor, { status: "in_review", departmentId: 8 }, true],
  ] as const)("%s → %s", (_case, who, article, expected) => {
    expect(canViewArticle(who, article)).toBe(expected);
  });

  it("narrows lists to what the actor may read", () => {
    expect(scopeArticleList(admin, {})).toEqual({ statuses: ARTICLE_STATUSES, departmentId: undefined });
    expect(scopeArticleList(operator, { status: "draft" })).toEqual({ statuses: ["published"], departmentId: undefined });
    // Asking for drafts pins a department editor to their own department.
    expect(scopeArticleList(handlerOf7, { status: "draft", departmentId: 8 })).toEqual({ statuses: ["draft"], departmentId: 7 });
    expect(scopeArticleList(handlerOf7, { departmentId: 7 })).toEqual({ statuses: ARTICLE_STATUSES, departmentId: 7 });
    expect(scopeArticleList(handlerOf7, { departmentId: 8 })).toEqual({ statuses: ["published"], departmentId: 8 });
  });

  it("shows citizens published, public articles only", () => {
    expect(isPublicArticle({ status: "published", visibility: "public" })).toBe(true);
    expect(isPublicArticle({ status: "published", visibility: "internal" })).toBe(false);
    expect(isPublicArticle({ status: "in_review", visibility: "public" })).toBe(false);
  });
});

describe("status changes offered", () => {
  it("lets editors submit and archive, reviewers (administrators and supervisors) publish", () => {
    expect(allowedArticleTransitions(handlerOf7, { status: "draft", departmentId: 7 })).toEqual(["submit", "archive"]);
    expect(allowedArticleTransitions(handlerOf7, { status: "draft", departmentId: 8 })).toEqual([]);
    expect(allowedArticleTransitions(supervisor, { status: "in_review", departmentId: 7 })).toEqual(["publish", "return", "archive"]);
    expect(allowedArticleTransitions(admin, { status: "archived", departmentId: null })).toEqual(["restore"]);
    expect(allowedArticleTransitions(operator, { status: "draft", departmentId: null })).toEqual([]);
  });
});

describe("review-by dates", () => {
  it("takes today in China and flags published articles on or past their date", () => {
    expect(reviewToday(new Date("2026-03-01T16:30:00Z"))).toBe("2026-03-02");
    expect(isReviewOverdue({ status: "published", reviewBy: "2026-03-02" }, "2026-03-02")).toBe(true);
    expect(isReviewOverdue({ status: "published", reviewBy: "2026-03-03" }, "2026-03-02")).toBe(false);
    expect(isReviewOverdue({ status: "draft", reviewBy: "2026-01-01" }, "2026-03-02")).toBe(false);
  });
});
