import { createHash } from "node:crypto";
import { type Index, Meilisearch, type Settings } from "meilisearch";
import { generateTenantToken } from "meilisearch/token";
import { analyzeQuery, highlightTerms, type SynonymSets } from "../analysis";
import { clampPage, effectiveFilters, type SearchBackend, type SearchRequest, type SearchResult } from "../backend";
import type { SearchDocument } from "../documents";
import { buildSnippet } from "../snippet";

/**
 * The Meilisearch backend, through the official client.
 *
 * - The index settings are applied at start, and only when they differ from what the server has
 *   (`ensureSettings`): searchable, filterable and sortable attributes, Chinese
 *   (`localizedAttributes` zho) for the text fields, ranking rules, synonyms.
 * - Anonymous searches never use the administrator key. They go through a tenant token signed
 *   with a search-only key whose search rules pin `visibility = public AND status = published`;
 *   Meilisearch ANDs that rule with any filter a request carries, so no request — whatever our
 *   code passes — can reach an internal or unpublished article.
 * - Snippets are built by our own snippet code from the returned body, so both backends answer in
 *   the same shape (escaped HTML with <mark>).
 */
export interface MeilisearchOptions {
  host: string;
  /** A key that can manage the index and create keys (the master key, or an admin key). */
  apiKey: string | null;
  index: string;
  /** Passed to fetch; searches must answer fast or fall back. */
  timeoutMs?: number;
}

export const PUBLIC_FILTER = "visibility = public AND status = published";
const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

interface MeiliDocument extends Omit<SearchDocument, "department"> {
  department: string;
}

export function meilisearchSettings(synonyms: SynonymSets): Settings {
  const map: Record<string, string[]> = {};
  for (const group of synonyms) {
    for (const term of group) map[term] = [...new Set([...(map[term] ?? []), ...group.filter((t) => t !== term)])];
  }
  return {
    searchableAttributes: ["title", "fields", "department", "body"],
    filterableAttributes: ["type", "department", "departmentId", "visibility", "status"],
    sortableAttributes: ["updatedAt"],
    displayedAttributes: ["id", "externalId", "title", "department", "body", "type", "visibility", "status"],
    localizedAttributes: [{ attributePatterns: ["title", "fields", "department", "body"], locales: ["zho"] }],
    rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness"],
    synonyms: map,
  };
}

/** A stable key uid (a v4-shaped UUID) per index, so that start-up finds the key it made before. */
export function publicKeyUid(index: string): string {
  const hex = createHash("sha256").update(`hotline-public-search:${index}`).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function createMeilisearchBackend(options: MeilisearchOptions): SearchBackend & {
  ensureSettings(synonyms: SynonymSets): Promise<void>;
  resetIndex(): Promise<void>;
} {
  const timeout = options.timeoutMs ?? 2000;
  const admin = new Meilisearch({ host: options.host, apiKey: options.apiKey ?? undefined, timeout });
  const index: Index<MeiliDocument> = admin.index<MeiliDocument>(options.index);
  let publicClient: { index: Index<MeiliDocument>; expiresAt: number } | null = null;
  let synonymSets: SynonymSets = [];

  async function publicIndex(): Promise<Index<MeiliDocument>> {
    if (publicClient && publicClient.expiresAt - Date.now() > 60_000) return publicClient.index;
    const uid = publicKeyUid(options.index);
    const key = await admin.getKey(uid).catch(async () =>
      admin.createKey({
        uid,
        name: `hotline public search (${options.index})`,
        description: "Signs tenant tokens for anonymous knowledge-base searches",
        actions: ["search"],
        indexes: [options.index],
        expiresAt: null,
      }),
    );
    const expiresAt = Date.now() + TOKEN_LIFETIME_MS;
    const token = await generateTenantToken({
      apiKey: key.key,
      apiKeyUid: key.uid,
      searchRules: { [options.index]: { filter: PUBLIC_FILTER } },
      expiresAt: new Date(expiresAt),
    });
    const client = new Meilisearch({ host: options.host, apiKey: token, timeout });
    publicClient = { index: client.index<MeiliDocument>(options.index), expiresAt };
    return publicClient.index;
  }

  return {
    name: "meilisearch",

    async ensureSettings(synonyms) {
      synonymSets = synonyms;
      await admin
        .getIndex(options.index)
        .catch(() => admin.createIndex(options.index, { primaryKey: "id" }).waitTask());
      const wanted = meilisearchSettings(synonyms);
      const current = (await index.getSettings()) as Record<string, unknown>;
      const differs = Object.entries(wanted).some(([key, value]) => JSON.stringify(normalize(current[key], key)) !== JSON.stringify(normalize(value, key)));
      if (differs) await index.updateSettings(wanted).waitTask();
    },

    async resetIndex() {
      await index.deleteAllDocuments().waitTask();
    },

    async index(documents) {
      if (!documents.length) return;
      const docs = documents.map((d) => ({ ...d, department: d.department ?? "" }));
      await index.addDocuments(docs, { primaryKey: "id" }).waitTask();
    },

    async remove(ids) {
      if (!ids.length) return;
      await index.deleteDocuments([...ids]).waitTask();
    },

    async search(request: SearchRequest): Promise<SearchResult> {
      const started = performance.now();
      const { limit, offset } = clampPage(request);
      const f = effectiveFilters(request);
      const filter: string[] = [];
      const anyOf = (field: string, values: readonly (string | number)[]) =>
        `(${values.map((v) => `${field} = ${typeof v === "number" ? v : JSON.stringify(v)}`).join(" OR ")})`;
      filter.push(anyOf("status", f.statuses), anyOf("visibility", f.visibilities));
      if (f.types?.length) filter.push(anyOf("type", f.types));
      if (f.departmentIds?.length) filter.push(anyOf("departmentId", f.departmentIds));
      if (f.departmentNames?.length) filter.push(anyOf("department", f.departmentNames));
      // The public audience searches with the tenant token; its rule applies whatever `filter` says.
      const target = request.audience === "public" ? await publicIndex() : index;
      const response = await target.search(request.q, {
        filter: filter.join(" AND "),
        limit,
        offset,
        showRankingScore: true,
        attributesToRetrieve: ["id", "externalId", "title", "department", "body"],
      });
      const terms = highlightTerms(analyzeQuery(request.q, synonymSets));
      return {
        hits: response.hits.map((h) => ({
          id: Number(h.id),
          externalId: h.externalId ?? null,
          title: h.title,
          department: h.department || null,
          snippet: buildSnippet(h.body ?? "", terms),
          score: Math.round((h._rankingScore ?? 0) * 1000) / 1000,
        })),
        total: response.estimatedTotalHits ?? response.hits.length,
        tookMs: Math.round((performance.now() - started) * 10) / 10,
        backend: "meilisearch",
      };
    },
  };
}

/**
 * Meilisearch may return sets (attribute lists, synonyms) in its own order; compare them as
 * sets. Ranking rules are an ordered list and compared as such.
 */
function normalize(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) {
    return key !== "rankingRules" && value.every((v) => typeof v === "string") ? [...value].sort() : value.map((v) => normalize(v));
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, normalize(v)]),
    );
  }
  return value;
}
