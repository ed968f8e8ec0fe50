import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { inArray } from "drizzle-orm";
import { articles } from "~/db/schema";
import { importArticle, ImportLineError, parseImportLine, type ImportOutcome } from "~/domain/knowledge/import";
import { toSearchDocument } from "../documents";
import { postgresArticleIndexer } from "../postgres/index-writer";
import { bootSearchScript, runScript } from "./boot";
import { progressBar } from "./progress";

/**
 *   npm run kb:import -- FILE.jsonl [--strict]
 * One article per line: {id?, title?, department?, type?, body, status?, visibility?}.
 * Idempotent on `id`; bad lines are reported with their line number and skipped; --strict makes
 * the exit code 1 when there was any. With the embedded database, stop the server first.
 */
runScript(async () => {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith("--"));
  if (!file) {
    process.stderr.write("usage: npm run kb:import -- FILE.jsonl [--strict]\n");
    process.exit(2);
  }
  const lines: string[] = [];
  for await (const line of createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity })) lines.push(line);

  const { services, search, close } = await bootSearchScript();
  const counts: Record<ImportOutcome | "failed", number> = { created: 0, updated: 0, unchanged: 0, failed: 0 };
  const changedExternalIds: string[] = [];
  const progress = progressBar("importing", lines.length);
  try {
    const ctx = { db: services.db, clock: services.clock, actor: { id: null, label: "cli:kb-import", ip: null }, indexer: postgresArticleIndexer };
    for (const [i, text] of lines.entries()) {
      if (text.trim() === "") {
        progress.tick();
        continue;
      }
      try {
        const line = parseImportLine(text);
        const outcome = await importArticle(ctx, line);
        counts[outcome] += 1;
        if (outcome !== "unchanged" && line.id) changedExternalIds.push(line.id);
      } catch (error) {
        counts.failed += 1;
        const reason = error instanceof ImportLineError ? error.reason : error instanceof Error ? error.message : String(error);
        process.stderr.write(`\nline ${i + 1}: ${reason}\n`);
      }
      progress.tick();
    }
    progress.done();
    // No worker runs yet: push the changes to Meilisearch directly when it is configured.
    if (search.meilisearch && changedExternalIds.length) {
      for (let i = 0; i < changedExternalIds.length; i += 500) {
        const rows = await services.db.select().from(articles).where(inArray(articles.externalId, changedExternalIds.slice(i, i + 500)));
        await search.meilisearch.index(rows.map(toSearchDocument));
      }
    }
    process.stdout.write(
      `imported ${file}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.failed} bad line(s)\n`,
    );
    if (counts.failed && args.includes("--strict")) process.exitCode = 1;
  } finally {
    await close();
  }
});
