import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { systemClock } from "~/domain/clock";
import { importArticle, ImportLineError, parseImportLine } from "~/domain/knowledge/import";
import { seedOnFirstStart } from "~/domain/setup/seed";
import { postgresArticleIndexer } from "~/search/postgres/index-writer";
import { withDatabase } from "./database";

/** The shared knowledge-base data (never copied into the repository). */
const DATA = path.resolve("../shared/data/kb");
/** Enough articles for real answers; the fault is about availability, not corpus size. */
const ARTICLES = 300;

function lines(file: string): string[] {
  const full = path.join(DATA, file);
  return existsSync(full) ? readFileSync(full, "utf8").split("\n").filter((l) => l.trim()) : [];
}

/** Seeds the database and imports the first shared articles as `npm run kb:import` would; returns how many. */
export async function importSharedArticles(url: string): Promise<number> {
  return withDatabase(url, async (handle) => {
    await seedOnFirstStart(handle, systemClock, { withDemoAccounts: false, withDemoTickets: false });
    const ctx = { db: handle.db, clock: systemClock, actor: { id: null, label: "fault run", ip: null }, indexer: postgresArticleIndexer };
    let imported = 0;
    for (const line of lines("articles.jsonl").slice(0, ARTICLES)) {
      try {
        await importArticle(ctx, parseImportLine(line));
        imported += 1;
      } catch (error) {
        // As kb:import does: a bad line is skipped.
        if (!(error instanceof ImportLineError)) throw error;
      }
    }
    return imported;
  });
}

/** The first `count` shared dev questions, or a few of our own when the shared data is absent. */
export function sharedQuestions(count: number): string[] {
  const shared = lines("queries-dev.jsonl").map((l) => (JSON.parse(l) as { q: string }).q);
  return (shared.length ? shared : ["社保卡丢了怎么补办", "户口迁移需要什么材料", "路灯不亮找哪个部门"]).slice(0, count);
}
