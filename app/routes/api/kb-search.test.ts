import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createArticle, type KnowledgeContext, publishArticle } from "~/domain/knowledge/articles";
import { createPostgresBackend } from "~/search/postgres/backend";
import { postgresArticleIndexer } from "~/search/postgres/index-writer";
import { openTestDatabase, type TestDatabase } from "~/tests/helpers/databases";
import { commandContext } from "~/tests/helpers/staff";
import { loader } from "./kb-search";

/** The loader against a real (PGlite) database, with and without a signed-in staff member. */
describe("GET /api/kb/search", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase("pglite");
    const ctx: KnowledgeContext = {
      ...commandContext(database.db),
      actor: { id: null, label: "test", ip: null, roles: ["administrator"], departmentId: null },
      indexer: postgresArticleIndexer,
    };
    for (const [title, visibility] of [["社保卡挂失办理", "public"], ["社保卡内部答复口径", "internal"]] as const) {
      const a = await createArticle(ctx, { type: "faq", title, body: `${title}：携带身份证到社保经办机构办理。`, departmentId: null, visibility });
      await publishArticle(ctx, a.id);
    }
  });
  afterAll(() => database.dispose());

  const call = async (query: string, user: object | null = null) => {
    const backend = createPostgresBackend(database.db);
    const context = { services: { db: database.db, search: { search: backend } }, auth: { user }, ip: null } as unknown as AppLoadContext;
    const response = (await loader({ request: new Request(`http://localhost/api/kb/search${query}`), context, params: {} })) as Response;
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("answers hits, took_ms and backend; anonymous callers get public articles only", async () => {
    const { status, body } = await call("?q=社保卡&limit=10");
    expect(status).toBe(200);
    expect(body).toMatchObject({ backend: "postgres", total: 1, took_ms: expect.any(Number) });
    expect((body.hits as { title: string }[]).map((h) => h.title)).toEqual(["社保卡挂失办理"]);
    expect(Object.keys((body.hits as object[])[0]!).sort()).toEqual(["department", "externalId", "id", "score", "snippet", "title"]);
  });

  it("shows internal articles to staff", async () => {
    const { body } = await call("?q=社保卡", { id: "u1", roles: ["operator"] });
    expect((body.hits as { title: string }[]).map((h) => h.title).sort()).toEqual(["社保卡内部答复口径", "社保卡挂失办理"]);
  });

  it.each([
    ["", "q_required"],
    ["?q=%20%20", "q_required"],
    [`?q=${"长".repeat(201)}`, "q_too_long"],
    ["?q=社保&limit=0", "limit_invalid"],
    ["?q=社保&limit=abc", "limit_invalid"],
    ["?q=社保&type=wiki", "type_invalid"],
  ])("refuses %s with 400 %s", async (query, error) => {
    const { status, body } = await call(query);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error, message: expect.any(String) });
  });
});
