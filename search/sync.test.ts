import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "~/domain/clock";
import { createArticle, type KnowledgeContext } from "~/domain/knowledge/articles";
import { createSynonymGroup } from "~/domain/knowledge/synonyms";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import type { SynonymSets } from "./analysis";
import type { SearchDocument } from "./documents";
import { postgresArticleIndexer } from "./postgres/index-writer";
import { countPendingSearchRows, type ExternalIndex, processSearchOutbox } from "./sync";

/** A stand-in for Meilisearch that can be switched off. */
function fakeIndex() {
  const state = { up: true, docs: new Map<number, SearchDocument>(), synonyms: [] as SynonymSets };
  const check = () => {
    if (!state.up) throw new Error("connect ECONNREFUSED");
  };
  const index: ExternalIndex = {
    name: "meilisearch",
    async ensureSettings(synonyms) {
      check();
      state.synonyms = synonyms;
    },
    async index(docs) {
      check();
      for (const d of docs) state.docs.set(d.id, d);
    },
    async remove(ids) {
      check();
      for (const id of ids) state.docs.delete(id);
    },
    search: () => Promise.reject(new Error("not used")),
  };
  return { state, index };
}

describe.each(testEngines)("search outbox sync on %s", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.dispose());

  it("catches up after the external index was down", async () => {
    const clock = manualClock(new Date("2026-03-02T09:00:00+08:00"));
    const ctx: KnowledgeContext = {
      db: database.db,
      clock,
      actor: { id: null, label: "test", ip: null, roles: ["administrator"], departmentId: null },
      indexer: postgresArticleIndexer,
    };
    const { state, index } = fakeIndex();
    const article = await createArticle(ctx, { type: "faq", title: "噪声投诉", body: "夜间施工噪声可拨打12345。", departmentId: null, visibility: "public" });
    await createSynonymGroup(ctx, { terms: ["噪音", "噪声"] });

    state.up = false;
    expect(await processSearchOutbox(database.db, index, clock)).toEqual({ processed: 0, failed: 2 });
    expect(await countPendingSearchRows(database.db)).toBe(2);
    // Not retried before its delay…
    expect(await processSearchOutbox(database.db, index, clock)).toEqual({ processed: 0, failed: 0 });
    state.up = true;
    clock.advance(3_000);
    expect(await processSearchOutbox(database.db, index, clock)).toEqual({ processed: 2, failed: 0 });
    expect(state.docs.get(article.id)).toMatchObject({ title: "噪声投诉", status: "draft" });
    expect(state.synonyms).toEqual([["噪音", "噪声"]]);
    expect(await countPendingSearchRows(database.db)).toBe(0);
  });
});
