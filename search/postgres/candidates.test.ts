import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createArticle, type KnowledgeContext, publishArticle } from "~/domain/knowledge/articles";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { commandContext } from "~/tests/helpers/staff";
import { createPostgresBackend, DEFAULT_RANKING } from "./backend";
import { selectWithinBudget } from "./candidates";
import { postgresArticleIndexer } from "./index-writer";

const term = (tsquery: string, docCount: number) => ({ tsquery, docCount });

describe("first-stage budget", () => {
  it("takes the rarest alternatives while their postings fit, and always the rarest one", () => {
    const terms = [term("common", 900), term("rare", 10), term("middle", 200)];
    expect(selectWithinBudget(terms, 250).map((t) => t.tsquery)).toEqual(["rare", "middle"]);
    expect(selectWithinBudget(terms, 5).map((t) => t.tsquery)).toEqual(["rare"]);
    expect(selectWithinBudget(terms, 10_000)).toHaveLength(3);
  });
});

describe.each(testEngines)("bounded candidate set on %s", (engine) => {
  let database: TestDatabase;
  const ids = new Map<string, number>();

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const ctx: KnowledgeContext = {
      ...commandContext(database.db),
      actor: { id: null, label: "test", ip: null, roles: ["administrator"], departmentId: null },
      indexer: postgresArticleIndexer,
    };
    const articles = [
      ...Array.from({ length: 9 }, (_, i) => ({ key: `park${i}`, title: `公园开放时间第${i + 1}条`, body: `市属公园开放时间说明，第${i + 1}条。` })),
      { key: "bonsai", title: "盆景园开放时间", body: "盆景园开放时间为每日九时至十七时。" },
    ];
    for (const a of articles) {
      const row = await createArticle(ctx, { type: "faq", departmentId: null, visibility: "public", title: a.title, body: a.body });
      await publishArticle(ctx, row.id);
      ids.set(a.key, row.id);
    }
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("pages past the candidate limit without overlap, and counts every match", async () => {
    const backend = createPostgresBackend(database.db, { ...DEFAULT_RANKING, candidateLimit: 3 });
    const pages = await Promise.all([0, 4, 8].map((offset) => backend.search({ q: "开放时间", audience: "public", limit: 4, offset })));
    expect(pages.map((p) => p.total)).toEqual([10, 10, 10]);
    const all = pages.flatMap((p) => p.hits.map((h) => h.id));
    expect(all).toHaveLength(10);
    expect(new Set(all).size).toBe(10);
  });

  it("lets the rarest word pick the candidates when the budget is small", async () => {
    const backend = createPostgresBackend(database.db, { ...DEFAULT_RANKING, candidatePostings: 1, candidateMaxShare: 1 });
    const result = await backend.search({ q: "盆景园 开放时间", audience: "public", limit: 10 });
    expect(result.hits.map((h) => h.id)).toEqual([ids.get("bonsai")]);
    expect(result.total).toBe(1);
  });
});
