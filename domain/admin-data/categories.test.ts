import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, categories } from "~/db/schema";
import { manualClock } from "~/domain/clock";
import { seedOnFirstStart } from "~/domain/setup/seed";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { commandContext } from "~/tests/helpers/staff";
import { activeCategoryOptions, createCategory, deleteCategory, getCategory, listCategoryTree, moveCategory, setCategoryActive, updateCategory } from "./categories";

describe.each(testEngines)("categories on %s", (engine) => {
  let database: TestDatabase;
  const idOf = async (code: string) => (await database.db.select({ id: categories.id }).from(categories).where(eq(categories.code, code)))[0]!.id;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await seedOnFirstStart(database, manualClock(new Date("2026-03-02T09:00:00+08:00")), { withDemoAccounts: false });
  });
  afterAll(() => database.dispose());
  const ctx = () => commandContext(database.db);

  it("lists the seeded tree parents first, children indented under them", async () => {
    const tree = await listCategoryTree(database.db);
    expect(tree.slice(0, 4).map((c) => [c.code, c.depth])).toEqual([
      ["01", 1],
      ["0101", 2],
      ["0102", 2],
      ["0103", 2],
    ]);
    expect(tree.find((c) => c.code === "04")).toMatchObject({ childCount: 4, activeChildCount: 4 });
    expect(tree.find((c) => c.code === "0401")).toMatchObject({ path: ["04"] });
  });

  it("adds children down to three levels, normalising codes, and audits", async () => {
    const water = await idOf("0401");
    const leak = await createCategory(ctx(), { parentId: water, code: "040101", name: "管道漏水" });
    const cut = await createCategory(ctx(), { parentId: water, code: "040102", name: "停水" });
    expect(cut.sortOrder).toBe(leak.sortOrder + 1);
    await expect(createCategory(ctx(), { parentId: leak.id, code: "04010101", name: "太深" })).rejects.toMatchObject({ code: "category_too_deep", status: 400 });
    const top = await createCategory(ctx(), { parentId: null, code: "x1", name: "新增大类", sortOrder: 50 });
    expect(top.code).toBe("X1");
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.targetId, `categories/${leak.id}`));
    expect(audit).toMatchObject({ action: "category.create", targetLabel: "诉求分类：040101 管道漏水" });
  });

  it.each([
    [{ code: "" }, "category_code_invalid", 400],
    [{ code: "含中文" }, "category_code_invalid", 400],
    [{ name: "" }, "category_name_invalid", 400],
    [{ name: "名".repeat(41) }, "category_name_invalid", 400],
    [{ parentId: 999_999 }, "category_parent_invalid", 400],
    [{ sortOrder: -1 }, "category_sort_invalid", 400],
    [{ code: "0101" }, "category_code_taken", 409],
    [{ code: "x1" }, "category_code_taken", 409],
  ])("refuses %j", async (patch, code, status) => {
    await expect(createCategory(ctx(), { parentId: null, code: "NEWCODE", name: "新名称", ...patch })).rejects.toMatchObject({ code, status });
  });

  it("refuses a sibling with the same name, but not a cousin", async () => {
    await expect(createCategory(ctx(), { parentId: await idOf("01"), code: "0199", name: "物业管理" })).rejects.toMatchObject({ code: "category_name_taken", status: 409 });
    await createCategory(ctx(), { parentId: await idOf("02"), code: "0299", name: "物业管理" });
  });

  it("keeps the pick list per process until the tree changes, and then reads it again", async () => {
    const first = await activeCategoryOptions(database.db);
    expect(await activeCategoryOptions(database.db)).toBe(first);
    const id = await idOf("0102");
    const { name, sortOrder } = await getCategory(database.db, id);
    await updateCategory(ctx(), id, { code: "0102", name: "改名后的分类", sortOrder });
    const renamed = await activeCategoryOptions(database.db);
    expect(renamed).not.toBe(first);
    expect(renamed.find((c) => c.id === id)?.name).toBe("改名后的分类");
    await setCategoryActive(ctx(), id, false);
    expect((await activeCategoryOptions(database.db)).some((c) => c.id === id)).toBe(false);
    await setCategoryActive(ctx(), id, true);
    await updateCategory(ctx(), id, { code: "0102", name, sortOrder });
    expect((await activeCategoryOptions(database.db)).find((c) => c.id === id)?.name).toBe(name);
  });

  it("renames and reorders with a before/after", async () => {
    const id = await idOf("0303");
    await updateCategory(ctx(), id, { code: "0303", name: "停车难", sortOrder: 9 });
    expect(await getCategory(database.db, id)).toMatchObject({ name: "停车难", sortOrder: 9 });
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.targetId, `categories/${id}`));
    expect(audit!.detail).toEqual({ name: { from: "停车管理", to: "停车难" }, sortOrder: { from: 2, to: 9 } });
    await expect(updateCategory(ctx(), id, { code: "0301", name: "停车难", sortOrder: 9 })).rejects.toMatchObject({ code: "category_code_taken", status: 409 });
    await expect(updateCategory(ctx(), 999_999, { code: "ZZ", name: "无", sortOrder: 0 })).rejects.toMatchObject({ status: 404 });
  });

  it("deactivates leaves first, activates parents first", async () => {
    const parent = await idOf("07");
    await expect(setCategoryActive(ctx(), parent, false)).rejects.toMatchObject({ code: "category_has_active_children", status: 409 });
    await setCategoryActive(ctx(), await idOf("0701"), false);
    await setCategoryActive(ctx(), await idOf("0702"), false);
    await setCategoryActive(ctx(), parent, false);
    await expect(setCategoryActive(ctx(), await idOf("0701"), true)).rejects.toMatchObject({ code: "category_parent_inactive", status: 409 });
    await expect(createCategory(ctx(), { parentId: parent, code: "0703", name: "新子类" })).rejects.toMatchObject({ code: "category_parent_inactive", status: 409 });
    await setCategoryActive(ctx(), parent, true);
    await setCategoryActive(ctx(), await idOf("0701"), true);
    const tree = await listCategoryTree(database.db);
    expect(tree.find((c) => c.id === parent)).toMatchObject({ active: true, activeChildCount: 1 });
  });

  it("moves a category with its children, never under itself, never too deep", async () => {
    const market = await idOf("06");
    const food = await idOf("0601");
    await expect(moveCategory(ctx(), market, { parentId: food })).rejects.toMatchObject({ code: "category_move_cycle", status: 400 });
    await expect(moveCategory(ctx(), market, { parentId: market })).rejects.toMatchObject({ code: "category_move_cycle", status: 400 });
    // 04 has three levels below it (04 → 0401 → 040101): it cannot go under anything.
    await expect(moveCategory(ctx(), await idOf("04"), { parentId: market })).rejects.toMatchObject({ code: "category_too_deep", status: 400 });
    await moveCategory(ctx(), food, { parentId: await idOf("04") });
    const tree = await listCategoryTree(database.db);
    expect(tree.find((c) => c.id === food)).toMatchObject({ depth: 2, path: ["04"] });
    await moveCategory(ctx(), food, { parentId: null });
    expect((await listCategoryTree(database.db)).find((c) => c.id === food)).toMatchObject({ depth: 1, path: [] });
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.targetId, `categories/${food}`));
    expect(audit.map((a) => a.detail)).toEqual([{ parent: { from: "06", to: "04" } }, { parent: { from: "04", to: null } }]);
  });

  it("never deletes: 409, deactivate instead", async () => {
    await expect(deleteCategory(ctx(), await idOf("99"))).rejects.toMatchObject({ code: "category_delete_refused", status: 409 });
    expect(await getCategory(database.db, await idOf("99"))).toBeTruthy();
  });
});
