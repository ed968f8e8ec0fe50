import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { categories } from "~/db/schema";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { ticketWorld } from "~/tests/helpers/tickets";
import { findPublicCategoryByCode, getPublicRequest, listPublicCategories, listPublicRequests, redactNumbers } from "./public-requests";

describe("redactNumbers", () => {
  it("masks phone and ID numbers in public text", () => {
    expect(redactNumbers("请联系 13912345678 或 0371-6512 3456。")).toBe("请联系 139****5678 或 037****3456。");
    expect(redactNumbers("身份证 41010219900101123X")).toBe("身份证 410****123X");
    expect(redactNumbers("3 号楼 12 层")).toBe("3 号楼 12 层");
  });
});

describe.each(testEngines)("public request summaries on %s", (engine) => {
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof ticketWorld>>;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    world = await ticketWorld(database);
  });
  afterAll(() => database.dispose());

  it("lists active leaf categories with their group", async () => {
    const list = await listPublicCategories(database.db);
    expect(list).toContainEqual(expect.objectContaining({ code: "0101", name: "物业管理", groupName: "城乡建设" }));
    expect(list).toContainEqual(expect.objectContaining({ code: "99", groupName: null }));
    expect(list.map((c) => c.code)).not.toContain("01");
    await database.db.update(categories).set({ active: false }).where(eq(categories.code, "0102"));
    expect(await findPublicCategoryByCode(database.db, "0102")).toBeNull();
    expect(await findPublicCategoryByCode(database.db, "0101")).not.toBeNull();
  });

  it("shows classified, non-confidential tickets without names or phones", async () => {
    const category = (await findPublicCategoryByCode(database.db, "0201"))!;
    const open = await world.complaint({ categoryId: category.id, description: "夜间施工噪音，请联系 13800001234。" });
    const secret = await world.complaint({ categoryId: category.id, requestType: "report" });
    const unclassified = await world.complaint();
    const summary = await getPublicRequest(database.db, open.number);
    expect(summary).toMatchObject({ number: open.number, status: "open", categoryCode: "0201", categoryName: "噪声扰民", agencyName: null, reply: null });
    expect(summary!.description).toBe("夜间施工噪音，请联系 138****1234。");
    expect(JSON.stringify(summary)).not.toContain("市民甲");
    expect(await getPublicRequest(database.db, secret.number)).toBeNull();
    expect(await getPublicRequest(database.db, unclassified.number)).toBeNull();
    const numbers = (await listPublicRequests(database.db, { categoryId: category.id, statuses: ["open"], limit: 100 })).map((r) => r.number);
    expect(numbers).toContain(open.number);
    expect(numbers).not.toContain(secret.number);
    expect(await listPublicRequests(database.db, { categoryId: category.id, statuses: ["closed"], limit: 100 })).toEqual([]);
  });
});
