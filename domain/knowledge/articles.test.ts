import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articles, outbox } from "~/db/schema";
import { DomainError } from "~/domain/errors";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { commandContext, makeDepartment } from "~/tests/helpers/staff";
import {
  ARTICLE_TRANSITIONS,
  type ArticleIndexer,
  type ArticleTransition,
  changeArticleStatus,
  createArticle,
  type KnowledgeActor,
  type KnowledgeContext,
  listArticleVersions,
  updateArticle,
} from "./articles";
import { importArticle, ImportLineError, parseImportLine } from "./import";
import { createSynonymGroup, getSynonymSets } from "./synonyms";
import { deriveTitle } from "./title";

async function expectDomainError(promise: Promise<unknown>, code: string, status: number) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect(error).toMatchObject({ code, status });
}

const reviewer: KnowledgeActor = { id: null, label: "kb-admin", ip: null, roles: ["administrator"], departmentId: null };

describe("deriveTitle", () => {
  it.each([
    ["您好！项目名称中的“/”表示“或者”，指并列关系。如“门/急诊”。", "项目名称中的“/”表示“或者”，指并列关系"],
    ["1、尽量保护头部，便于呼吸。地震过后……", "尽量保护头部，便于呼吸"],
    ["不能。", "不能"],
    ["需要。未经许可，任何单位和个人不得经营劳务派遣业务。", "需要。未经许可，任何单位和个人不得经营劳务派遣业务"],
    ["答：" + "北京市芦城体育运动技术学校承担着北京市棒球、垒球、曲棍球、射箭、自行车、赛艇、皮划艇七个项目优秀运动队的培养。", "北京市芦城体育运动技术学校承担着北京市棒球、垒球、曲棍球、射箭、自行车、赛艇…"],
  ])("%s → %s", (body, title) => {
    expect(deriveTitle(body)).toBe(title);
  });
});

describe.each(testEngines)("knowledge-base articles on %s", (engine) => {
  let database: TestDatabase;
  const indexed: number[] = [];
  const indexer: ArticleIndexer = {
    async indexArticle(_db, id) {
      indexed.push(id);
    },
  };
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.dispose());
  const ctx = (actor: KnowledgeActor = reviewer): KnowledgeContext => ({ ...commandContext(database.db), actor, indexer });
  const guideInput = (guide: Record<string, unknown>) => ({
    type: "service_guide" as const,
    title: "居住证办理",
    body: "携带材料到社区服务站办理。",
    guide,
    departmentId: null,
    visibility: "public" as const,
  });

  it("creates a draft with a version row, indexes it in the transaction and writes a search.index outbox row", async () => {
    const article = await createArticle(ctx(), guideInput({ itemName: "居住证办理", legalLimitDays: 15, promisedLimitDays: 7, materials: ["身份证", ""] }));
    expect(article).toMatchObject({ status: "draft", version: 1, guide: { itemName: "居住证办理", legalLimitDays: 15, promisedLimitDays: 7, materials: ["身份证"] } });
    expect(indexed).toContain(article.id);
    const versions = await listArticleVersions(database.db, { articleId: article.id });
    expect(versions.map((v) => [v.action, v.version])).toEqual([["create", 1]]);
    const rows = await database.db.select().from(outbox).where(eq(outbox.topic, "search.index"));
    expect(rows.some((r) => r.payload.articleId === article.id)).toBe(true);
  });

  it.each([
    [{ legalLimitDays: 10, promisedLimitDays: 6 }, "promised_limit_over_half"],
    [{ promisedLimitDays: 3 }, "legal_limit_required"],
    [{ legalLimitDays: 0 }, "limit_days_invalid"],
  ])("refuses service-guide limits %j with %s", async (guide, code) => {
    await expectDomainError(createArticle(ctx(), guideInput(guide)), code, 400);
  });

  it("accepts a promised limit of exactly half the legal limit", async () => {
    const article = await createArticle(ctx(), guideInput({ legalLimitDays: 10, promisedLimitDays: 5 }));
    expect(article.guide).toMatchObject({ legalLimitDays: 10, promisedLimitDays: 5 });
  });

  it("keeps structured fields for service guides only", async () => {
    const article = await createArticle(ctx(), { ...guideInput({ itemName: "x" }), type: "faq" });
    expect(article.guide).toBeNull();
  });

  it("lets a department edit its own articles only, and not publish them", async () => {
    const mine = await makeDepartment(commandContext(database.db));
    const other = await makeDepartment(commandContext(database.db));
    const handler: KnowledgeActor = { id: null, label: "handler", ip: null, roles: ["department_handler"], departmentId: mine.id };
    const own = await createArticle(ctx(handler), { ...guideInput({}), departmentId: mine.id });
    expect(own.departmentName).toBe(mine.name);
    await expectDomainError(createArticle(ctx(handler), { ...guideInput({}), departmentId: other.id }), "action_not_permitted", 403);
    const theirs = await createArticle(ctx(), { ...guideInput({}), departmentId: other.id });
    await expectDomainError(updateArticle(ctx(handler), theirs.id, { ...guideInput({}), departmentId: other.id }), "action_not_permitted", 403);

    const updated = await updateArticle(ctx(handler), own.id, { ...guideInput({}), title: "居住证办理（新）", departmentId: mine.id });
    expect(updated.version).toBe(2);
    await changeArticleStatus(ctx(handler), own.id, "submit");
    await expectDomainError(changeArticleStatus(ctx(handler), own.id, "publish"), "action_not_permitted", 403);
    const published = await changeArticleStatus(ctx(), own.id, "publish");
    expect(published.status).toBe("published");
    const versions = await listArticleVersions(database.db, { articleId: own.id });
    expect(versions.map((v) => `${v.action}:${v.version}:${v.status}`)).toEqual(["create:1:draft", "update:2:draft", "submit:2:in_review", "publish:2:published"]);
    expect(versions[0]!.title).toBe("居住证办理");
  });

  // Every transition from every state: allowed ones land in the table's target state, others are 409.
  const STATES = ["draft", "in_review", "published", "archived"] as const;
  it.each(STATES.flatMap((from) => (Object.keys(ARTICLE_TRANSITIONS) as ArticleTransition[]).map((t) => [from, t] as const)))(
    "from %s, %s",
    async (from, transition) => {
      const article = await createArticle(ctx(), guideInput({}));
      await database.db.update(articles).set({ status: from }).where(eq(articles.id, article.id));
      const rule = ARTICLE_TRANSITIONS[transition];
      if ((rule.from as readonly string[]).includes(from)) {
        expect((await changeArticleStatus(ctx(), article.id, transition)).status).toBe(rule.to);
      } else {
        await expectDomainError(changeArticleStatus(ctx(), article.id, transition), "article_transition_not_allowed", 409);
      }
    },
  );

  it("imports idempotently on id, publishing and deriving a title", async () => {
    const line = parseImportLine(JSON.stringify({ id: `kb-${engine}-1`, department: "应急局", body: "不能。企业账号只能注册一次。" }));
    expect(await importArticle(ctx(), line)).toBe("created");
    expect(await importArticle(ctx(), line)).toBe("unchanged");
    const [row] = await database.db.select().from(articles).where(eq(articles.externalId, `kb-${engine}-1`));
    expect(row).toMatchObject({ title: "不能。企业账号只能注册一次", titleDerived: true, status: "published", visibility: "public", departmentName: "应急局", type: "faq" });
    const changed = parseImportLine(JSON.stringify({ id: `kb-${engine}-1`, body: "可以。", visibility: "internal", type: "政策问答" }));
    expect(await importArticle(ctx(), changed)).toBe("updated");
    const [after] = await database.db.select().from(articles).where(eq(articles.externalId, `kb-${engine}-1`));
    expect(after).toMatchObject({ version: 2, visibility: "internal", type: "policy_qa" });
  });

  it.each([
    ["not json", "not valid JSON"],
    [JSON.stringify({ id: "x" }), "body: Required"],
    [JSON.stringify({ body: "正文", status: "gone" }), "status: article_status_invalid"],
  ])("reports a bad import line %s", (text, reason) => {
    expect(() => parseImportLine(text)).toThrow(new ImportLineError(reason));
  });

  it("keeps synonym groups lower-cased and distinct, for reviewers only", async () => {
    await createSynonymGroup(ctx(), { terms: ["ＰＭ2.5", "pm2.5", "细颗粒物"] });
    expect(await getSynonymSets(database.db)).toContainEqual(["pm2.5", "细颗粒物"]);
    await expectDomainError(createSynonymGroup(ctx(), { terms: ["只有一个"] }), "synonym_terms_required", 400);
    const operator: KnowledgeActor = { ...reviewer, roles: ["operator"] };
    await expectDomainError(createSynonymGroup(ctx(operator), { terms: ["噪音", "噪声"] }), "action_not_permitted", 403);
  });
});
