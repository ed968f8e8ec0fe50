/** What the search services need to know; parsed from the environment by server/config.ts. */
export interface SearchConfig {
  meilisearch: { host: string; apiKey: string | null; index: string } | null;
}
