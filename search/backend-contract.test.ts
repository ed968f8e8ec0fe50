import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articles } from "~/db/schema";
import { createArticle, type KnowledgeContext, publishArticle, type ArticleInput } from "~/domain/knowledge/articles";
import { createSynonymGroup, getSynonymSets } from "~/domain/knowledge/synonyms";
import { type Engine, openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { commandContext } from "~/tests/helpers/staff";
import type { SearchBackend, SearchRequest } from "./backend";
import { toSearchDocument } from "./documents";
import { createMeilisearchBackend } from "./meilisearch/backend";
import { createPostgresBackend } from "./postgres/backend";
import { postgresArticleIndexer } from "./postgres/index-writer";

/**
 * One contract for every search backend: the same fixture articles, the same questions, the
 * same answers. Postgres runs on every engine in testEngines; Meilisearch runs when MEILI_HOST
 * is set (MEILI_API_KEY = a key that may manage indexes and keys), against a throw-away index.
 */
interface BackendUnderTest {
  label: string;
  /** Where the articles live (Meilisearch's copy is synced from a PGlite database). */
  engine: Engine;
  open(database: TestDatabase): Promise<{ backend: SearchBackend; sync(): Promise<void>; dispose(): Promise<void> }>;
}

const backends: BackendUnderTest[] = testEngines.map((engine) => ({
  label: `postgres on ${engine}`,
  engine,
  async open(database) {
    // Vectors are written by the commands themselves, in the article's transaction.
    return { backend: createPostgresBackend(database.db), sync: async () => {}, dispose: async () => {} };
  },
}));

const meiliHost = process.env.MEILI_HOST;
if (meiliHost) {
  backends.push({
    label: "meilisearch",
    engine: "pglite",
    async open(database) {
      const meili = createMeilisearchBackend({
        host: meiliHost,
        apiKey: process.env.MEILI_API_KEY ?? null,
        index: `contract_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`,
        timeoutMs: 10_000,
      });
      return {
        backend: meili,
        async sync() {
          await meili.ensureSettings(await getSynonymSets(database.db));
          await meili.index((await database.db.select().from(articles)).map(toSearchDocument));
        },
        dispose: () => meili.resetIndex(),
      };
    },
  });
} else {
  describe("search backend contract on meilisearch", () => {
    it.skip("skipped: MEILI_HOST is not set (no Meilisearch server here); set MEILI_HOST and MEILI_API_KEY to run it", () => {});
  });
}

/** Fixture articles: title, body, and what makes each one findable or not. */
const FIXTURE: (Partial<ArticleInput> & { key: string; title: string; body: string; publish?: boolean })[] = [
  { key: "heater", title: "燃气热水器安装简单吗", body: "燃气热水器由供应商上门安装，安装简单，一般半小时完成。" },
  { key: "pending", title: "工单状态说明", body: "待处理的工单会在两个工作日内派发到承办单位。" },
  { key: "bank", title: "助学贷款经办银行", body: "生源地信用助学贷款由中国农业发展银行经办，请携带身份证件办理。" },
  { key: "noise", title: "夜间施工噪声怎么投诉", body: "夜间施工产生噪声影响休息的，可拨打 12345 反映，由城管执法部门处理。" },
  { key: "passport", title: "护照办理需要哪些材料", body: "申请普通护照须提交居民身份证、近期免冠照片，在出入境接待大厅办理。", type: "service_guide" },
  { key: "internal", title: "内部口径：机密演练安排", body: "机密演练安排仅供话务员参考，不得对外答复。", visibility: "internal" },
  { key: "draft", title: "草稿：机密演练通知", body: "机密演练通知草稿，尚未审核。", publish: false },
  ...Array.from({ length: 12 }, (_, i) => ({
    key: `page${i}`,
    title: `公园开放时间第${i + 1}条`,
    body: `市属公园开放时间说明，第${i + 1}条：${"游园须知。".repeat(i + 1)}`,
  })),
];

describe.each(backends)("search backend contract on $label", (under) => {
  let database: TestDatabase;
  let backend: SearchBackend;
  let dispose: () => Promise<void>;
  const ids = new Map<string, number>();

  beforeAll(async () => {
    database = await openTestDatabase(under.engine);
    const ctx: KnowledgeContext = {
      ...commandContext(database.db),
      actor: { id: null, label: "test", ip: null, roles: ["administrator"], departmentId: null },
      indexer: postgresArticleIndexer,
    };
    for (const a of FIXTURE) {
      const { key, publish = true, ...input } = a;
      const row = await createArticle(ctx, { type: "faq", departmentId: null, visibility: "public", ...input });
      if (publish) await publishArticle(ctx, row.id);
      ids.set(key, row.id);
    }
    await createSynonymGroup(ctx, { terms: ["噪音", "噪声", "扰民"] });
    const opened = await under.open(database);
    backend = opened.backend;
    dispose = opened.dispose;
    await opened.sync();
  });
  afterAll(async () => {
    await dispose?.();
    await database?.dispose();
  });

  const search = (q: string, extra: Partial<SearchRequest> = {}) => backend.search({ q, audience: "public", limit: 10, ...extra });
  const hitIds = async (q: string, extra: Partial<SearchRequest> = {}) => (await search(q, extra)).hits.map((h) => h.id);

  it("answers in the common shape, with highlighted snippets", async () => {
    const result = await search("热水器安装");
    expect(result.backend).toBe(backend.name);
    expect(result.tookMs).toBeGreaterThanOrEqual(0);
    expect(result.total).toBeGreaterThanOrEqual(1);
    const hit = result.hits[0]!;
    expect(hit).toEqual({
      id: ids.get("heater"),
      externalId: null,
      title: "燃气热水器安装简单吗",
      department: null,
      snippet: expect.stringContaining("<mark>"),
      score: expect.any(Number),
    });
  });

  it("never shows an internal or unpublished article to an anonymous search, whatever the filters say", async () => {
    for (const filters of [undefined, { visibilities: ["internal" as const] }, { statuses: ["draft" as const, "published" as const] }]) {
      const found = await hitIds("机密演练", { filters });
      expect(found).not.toContain(ids.get("internal"));
      expect(found).not.toContain(ids.get("draft"));
    }
    // Staff see the internal one; drafts only when they ask for them.
    expect(await hitIds("机密演练", { audience: "staff" })).toEqual([ids.get("internal")]);
    expect(await hitIds("机密演练", { audience: "staff", filters: { statuses: ["draft"] } })).toEqual([ids.get("draft")]);
  });

  it.each([
    ["简单", "heater"],
    ["处理", "pending"],
    ["农业", "bank"],
    ["护照", "passport"],
  ])("finds a word inside a longer one: %s", async (q, key) => {
    expect(await hitIds(q)).toContain(ids.get(key));
  });

  it("finds the same article whatever the order of the words", async () => {
    const first = (await hitIds("夜间 施工 噪声"))[0];
    expect(first).toBe(ids.get("noise"));
    expect((await hitIds("噪声施工夜间"))[0]).toBe(first);
    expect((await hitIds("施工 噪声 夜间"))[0]).toBe(first);
  });

  it("expands synonyms", async () => {
    expect(await hitIds("扰民")).toContain(ids.get("noise"));
    expect(await hitIds("噪音")).toContain(ids.get("noise"));
  });

  it("filters by type", async () => {
    expect(await hitIds("办理", { filters: { types: ["service_guide"] } })).toEqual([ids.get("passport")]);
    expect(await hitIds("护照", { filters: { types: ["notice"] } })).toEqual([]);
  });

  it("pages through the results", async () => {
    const pages = await Promise.all([0, 5, 10].map((offset) => search("公园开放时间", { limit: 5, offset })));
    expect(pages.map((p) => p.total)).toEqual([12, 12, 12]);
    expect(pages.map((p) => p.hits.length)).toEqual([5, 5, 2]);
    const all = pages.flatMap((p) => p.hits.map((h) => h.id));
    expect(new Set(all).size).toBe(12);
  });

  it("finds nothing for words no article has", async () => {
    const result = await search("量子纠缠望远镜");
    expect(result.hits).toEqual([]);
    expect(result.total).toBe(0);
  });
});
