import type { Database } from "~/db/client";
import { getSynonymSets } from "~/domain/knowledge/synonyms";
import type { SearchBackend, SearchRequest, SearchResult } from "./backend";
import type { SearchConfig } from "./config";
import { createMeilisearchBackend } from "./meilisearch/backend";
import { createPostgresBackend } from "./postgres/backend";

export interface SearchLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface SearchServices {
  /** What the app searches with: Meilisearch (falling back to Postgres) when configured, else Postgres. */
  search: SearchBackend;
  postgres: ReturnType<typeof createPostgresBackend>;
  meilisearch: ReturnType<typeof createMeilisearchBackend> | null;
  /** Every backend that is configured, the Postgres one last. */
  all: SearchBackend[];
}

/**
 * Builds the search backends. With Meilisearch configured, its settings are applied (only when
 * they differ); if it is unreachable at start the app still starts and searches Postgres.
 */
export async function createSearchServices(db: Database, config: SearchConfig, logger: SearchLogger): Promise<SearchServices> {
  const postgres = createPostgresBackend(db);
  if (!config.meilisearch) return { search: postgres, postgres, meilisearch: null, all: [postgres] };
  const meilisearch = createMeilisearchBackend(config.meilisearch);
  try {
    await meilisearch.ensureSettings(await getSynonymSets(db));
  } catch (error) {
    logger.warn("meilisearch not ready at start; searching postgres until it answers", { error: errorText(error) });
  }
  return { search: withFallback(meilisearch, postgres, logger), postgres, meilisearch, all: [meilisearch, postgres] };
}

/** After a failure the primary is left alone this long, so a hung server costs one timeout, not one per search. */
export const PRIMARY_RETRY_AFTER_MS = 30_000;

/**
 * Searches `primary`; when it fails (down, timeout, bad key), logs and answers from `fallback`,
 * and keeps answering from `fallback` for PRIMARY_RETRY_AFTER_MS before trying `primary` again
 * (a circuit breaker: a Meilisearch that accepts connections but never answers would otherwise
 * add its client timeouts to every search). The answer says which backend produced it (`backend`).
 */
export function withFallback(primary: SearchBackend, fallback: SearchBackend, logger: SearchLogger, now: () => number = Date.now): SearchBackend {
  let primaryFailedAt: number | null = null;
  return {
    name: primary.name,
    index: (docs) => primary.index(docs),
    remove: (ids) => primary.remove(ids),
    async search(request: SearchRequest): Promise<SearchResult> {
      if (primaryFailedAt !== null && now() - primaryFailedAt < PRIMARY_RETRY_AFTER_MS) return fallback.search(request);
      try {
        const result = await primary.search(request);
        if (primaryFailedAt !== null) logger.warn("search backend answers again", { backend: primary.name });
        primaryFailedAt = null;
        return result;
      } catch (error) {
        primaryFailedAt = now();
        logger.warn("search backend failed; answering from the fallback", {
          backend: primary.name,
          fallback: fallback.name,
          retryInSeconds: PRIMARY_RETRY_AFTER_MS / 1000,
          error: errorText(error),
        });
        return fallback.search(request);
      }
    },
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
