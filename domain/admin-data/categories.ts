import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Queryable, Transaction } from "~/db/client";
import { type CategoryOption, listActiveCategories } from "~/db/queries/categories";
import { type Category, categories } from "~/db/schema";
import { recordAudit } from "../audit";
import { type CommandContext, parseInput } from "../command";
import { conflict, invalidInput, notFound } from "../errors";
import { cachedAdminData } from "./cached";
import { changedFields, configTarget } from "./shared";

/** Levels of the tree; the national and Guangdong standards use three. */
export const MAX_CATEGORY_DEPTH = 3;

const code = z
  .string({ message: "category_code_invalid" })
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,20}$/, "category_code_invalid")
  .transform((c) => c.toUpperCase());
const name = z.string({ message: "category_name_invalid" }).trim().min(1, "category_name_invalid").max(40, "category_name_invalid");
const sortOrder = z.number({ message: "category_sort_invalid" }).int("category_sort_invalid").min(0, "category_sort_invalid").max(9999, "category_sort_invalid");
const parentId = z.number({ message: "category_parent_invalid" }).int("category_parent_invalid").positive("category_parent_invalid").nullable();

export const createCategorySchema = z.object({ parentId, code, name, sortOrder: sortOrder.nullish() });
export const updateCategorySchema = z.object({ code, name, sortOrder });
export type CreateCategoryInput = z.input<typeof createCategorySchema>;
export type UpdateCategoryInput = z.input<typeof updateCategorySchema>;

export interface CategoryNode extends Category {
  /** 1 for a top-level category. */
  depth: number;
  /** Codes from the root down to this category's parent. */
  path: string[];
  childCount: number;
  activeChildCount: number;
}

/**
 * The active categories as pick lists show them (intake desk, dispatch desk, ticket filters): read
 * once per process and kept until the tree changes (cachedAdminData; the categories table bumps
 * the administrator-data version). One copy serves every request, so it is read-only.
 */
export const activeCategoryOptions: (db: Queryable) => Promise<readonly CategoryOption[]> = cachedAdminData(listActiveCategories);

/** The whole tree, flattened in display order (parents before children, siblings by sort order then code). */
export async function listCategoryTree(db: Queryable): Promise<CategoryNode[]> {
  return flatten(await db.select().from(categories));
}

function flatten(rows: readonly Category[]): CategoryNode[] {
  const children = new Map<number | null, Category[]>();
  for (const row of rows) {
    const siblings = children.get(row.parentId) ?? [];
    siblings.push(row);
    children.set(row.parentId, siblings);
  }
  const out: CategoryNode[] = [];
  const visit = (parent: number | null, depth: number, path: string[]) => {
    const siblings = (children.get(parent) ?? []).sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
    for (const row of siblings) {
      const own = children.get(row.id) ?? [];
      out.push({ ...row, depth, path, childCount: own.length, activeChildCount: own.filter((c) => c.active).length });
      visit(row.id, depth + 1, [...path, row.code]);
    }
  };
  visit(null, 1, []);
  return out;
}

export async function getCategory(db: Queryable, id: number): Promise<Category> {
  const [row] = await db.select().from(categories).where(eq(categories.id, id));
  if (!row) throw notFound("category_not_found");
  return row;
}

/** Serialises tree changes, so two concurrent moves cannot make a cycle between them. */
async function lockTree(tx: Transaction) {
  await tx.execute(sql`lock table categories in share row exclusive mode`);
  return flatten(await tx.select().from(categories));
}

function assertCodeFree(tree: readonly CategoryNode[], value: string, exceptId?: number) {
  if (tree.some((c) => c.code === value && c.id !== exceptId)) throw conflict("category_code_taken", { code: value });
}

function assertNameFreeAmongSiblings(tree: readonly CategoryNode[], parent: number | null, value: string, exceptId?: number) {
  if (tree.some((c) => c.parentId === parent && c.name === value && c.id !== exceptId)) throw conflict("category_name_taken", { name: value });
}

/** Levels below `id` including itself (1 for a leaf). */
function subtreeHeight(tree: readonly CategoryNode[], id: number): number {
  const kids = tree.filter((c) => c.parentId === id);
  return 1 + Math.max(0, ...kids.map((k) => subtreeHeight(tree, k.id)));
}

function labelOf(category: { code: string; name: string }) {
  return `诉求分类：${category.code} ${category.name}`;
}

export async function createCategory(ctx: CommandContext, raw: CreateCategoryInput): Promise<Category> {
  const input = parseInput(createCategorySchema, raw);
  return ctx.db.transaction(async (tx) => {
    const tree = await lockTree(tx);
    let depth = 1;
    if (input.parentId !== null) {
      const parent = tree.find((c) => c.id === input.parentId);
      if (!parent) throw invalidInput("category_parent_invalid", "parentId");
      if (!parent.active) throw conflict("category_parent_inactive");
      depth = parent.depth + 1;
    }
    if (depth > MAX_CATEGORY_DEPTH) throw invalidInput("category_too_deep", "parentId", { max: MAX_CATEGORY_DEPTH });
    assertCodeFree(tree, input.code);
    assertNameFreeAmongSiblings(tree, input.parentId, input.name);
    const siblings = tree.filter((c) => c.parentId === input.parentId);
    const order = input.sortOrder ?? Math.min(9999, Math.max(-1, ...siblings.map((c) => c.sortOrder)) + 1);
    const [row] = await tx.insert(categories).values({ parentId: input.parentId, code: input.code, name: input.name, sortOrder: order }).returning();
    await recordAudit(tx, {
      action: "category.create",
      actor: ctx.actor,
      at: ctx.clock.now(),
      target: configTarget(`categories/${row!.id}`, labelOf(row!)),
      detail: { after: { parent: tree.find((c) => c.id === input.parentId)?.code ?? null, code: row!.code, name: row!.name, sortOrder: order } },
    });
    return row!;
  });
}

/** Renames a category, or changes its code or position among its siblings. */
export async function updateCategory(ctx: CommandContext, id: number, raw: UpdateCategoryInput): Promise<Category> {
  const input = parseInput(updateCategorySchema, raw);
  return ctx.db.transaction(async (tx) => {
    const tree = await lockTree(tx);
    const before = tree.find((c) => c.id === id);
    if (!before) throw notFound("category_not_found");
    assertCodeFree(tree, input.code, id);
    assertNameFreeAmongSiblings(tree, before.parentId, input.name, id);
    const [row] = await tx.update(categories).set(input).where(eq(categories.id, id)).returning();
    await recordAudit(tx, {
      action: "category.update",
      actor: ctx.actor,
      at: ctx.clock.now(),
      target: configTarget(`categories/${id}`, labelOf(row!)),
      detail: changedFields({ code: before.code, name: before.name, sortOrder: before.sortOrder }, input),
    });
    return row!;
  });
}

/** Moves a category (with everything under it) under another parent, or to the top level (null). */
export async function moveCategory(ctx: CommandContext, id: number, raw: { parentId: number | null }): Promise<Category> {
  const input = parseInput(z.object({ parentId }), raw);
  return ctx.db.transaction(async (tx) => {
    const tree = await lockTree(tx);
    const before = tree.find((c) => c.id === id);
    if (!before) throw notFound("category_not_found");
    let depth = 1;
    const parent = input.parentId === null ? null : tree.find((c) => c.id === input.parentId);
    if (parent === undefined) throw invalidInput("category_parent_invalid", "parentId");
    if (parent) {
      if (parent.id === id || parent.path.includes(before.code)) throw invalidInput("category_move_cycle", "parentId");
      if (before.active && !parent.active) throw conflict("category_parent_inactive");
      depth = parent.depth + 1;
    }
    if (depth + subtreeHeight(tree, id) - 1 > MAX_CATEGORY_DEPTH) throw invalidInput("category_too_deep", "parentId", { max: MAX_CATEGORY_DEPTH });
    assertNameFreeAmongSiblings(tree, input.parentId, before.name, id);
    const siblings = tree.filter((c) => c.parentId === input.parentId && c.id !== id);
    const order = Math.min(9999, Math.max(-1, ...siblings.map((c) => c.sortOrder)) + 1);
    const [row] = await tx.update(categories).set({ parentId: input.parentId, sortOrder: order }).where(eq(categories.id, id)).returning();
    const previousParent = tree.find((c) => c.id === before.parentId);
    await recordAudit(tx, {
      action: "category.update",
      actor: ctx.actor,
      at: ctx.clock.now(),
      target: configTarget(`categories/${id}`, labelOf(row!)),
      detail: { parent: { from: previousParent ? previousParent.code : null, to: parent ? parent.code : null } },
    });
    return row!;
  });
}

/**
 * Activates or deactivates a category. A deactivated category is no longer offered for new
 * tickets; tickets that have it keep it. Deactivating needs every child deactivated first, and
 * activating needs an active parent, so the active part of the tree is always a tree.
 */
export async function setCategoryActive(ctx: CommandContext, id: number, active: boolean): Promise<Category> {
  return ctx.db.transaction(async (tx) => {
    const tree = await lockTree(tx);
    const before = tree.find((c) => c.id === id);
    if (!before) throw notFound("category_not_found");
    if (!active && before.activeChildCount > 0) throw conflict("category_has_active_children", { count: before.activeChildCount });
    if (active && before.parentId !== null && !tree.find((c) => c.id === before.parentId)?.active) throw conflict("category_parent_inactive");
    const [row] = await tx.update(categories).set({ active }).where(eq(categories.id, id)).returning();
    if (before.active !== active) {
      await recordAudit(tx, {
        action: "category.update",
        actor: ctx.actor,
        at: ctx.clock.now(),
        target: configTarget(`categories/${id}`, labelOf(row!)),
        detail: { active: { from: before.active, to: active } },
      });
    }
    return row!;
  });
}

/**
 * Categories are never deleted: tickets, rules and statistics refer to them for years.
 * Deactivate instead. This command exists so the rule has one place and one answer (409).
 */
export async function deleteCategory(ctx: CommandContext, id: number): Promise<never> {
  await getCategory(ctx.db, id);
  throw conflict("category_delete_refused");
}
