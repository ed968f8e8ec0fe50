import type { Article } from "~/db/schema";

/** China's zone is UTC+8 all year (no daylight saving), so a day there is a fixed shift from UTC. */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Today's date in China (YYYY-MM-DD): what review-by dates are compared with. */
export function reviewToday(now: Date): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** A published article whose review-by date has come: flagged 需复核 to its owner department. */
export function isReviewOverdue(article: Pick<Article, "status" | "reviewBy">, today: string): boolean {
  return article.status === "published" && article.reviewBy !== null && article.reviewBy <= today;
}
