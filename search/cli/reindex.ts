import { getSynonymSets } from "~/domain/knowledge/synonyms";
import { reindexAll } from "../reindex";
import { bootSearchScript, runScript } from "./boot";
import { type Progress, progressBar } from "./progress";

/**
 *   npm run search:reindex
 * Rebuilds every configured backend's index from the articles table: the Postgres vectors and
 * statistics, and Meilisearch's settings and documents. With the embedded database, stop the
 * server first (one process per data directory).
 */
runScript(async () => {
  const { services, search, close } = await bootSearchScript();
  try {
    if (search.meilisearch) await search.meilisearch.ensureSettings(await getSynonymSets(services.db));
    for (const backend of [search.postgres, ...(search.meilisearch ? [search.meilisearch] : [])]) {
      let bar: Progress | null = null;
      let previous = 0;
      const count = await reindexAll(services.db, backend, (done, total) => {
        bar ??= progressBar(`reindexing ${backend.name}`, total);
        bar.tick(done - previous);
        previous = done;
      });
      (bar as Progress | null)?.done();
      process.stdout.write(`${backend.name}: ${count} article(s) reindexed\n`);
    }
  } finally {
    await close();
  }
});
