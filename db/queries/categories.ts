import { aliasedTable, and, asc, eq, isNull, or } from "drizzle-orm";
import type { Queryable } from "../client";
import { categories } from "../schema";

export interface CategoryOption {
  id: number;
  code: string;
  name: string;
  parentId: number | null;
  parentName: string | null;
}

const parent = aliasedTable(categories, "parent_category");

/**
 * Active categories for pick lists (intake, dispatch filters), with their parent's name, in code
 * order. A child whose parent is deactivated is left out with it.
 */
export async function listActiveCategories(db: Queryable): Promise<CategoryOption[]> {
  return db
    .select({ id: categories.id, code: categories.code, name: categories.name, parentId: categories.parentId, parentName: parent.name })
    .from(categories)
    .leftJoin(parent, eq(parent.id, categories.parentId))
    .where(and(eq(categories.active, true), or(isNull(categories.parentId), eq(parent.active, true))))
    .orderBy(asc(categories.code));
}

export interface CategoryGroup {
  /** The top-level category. */
  id: number;
  name: string;
  children: { id: number; name: string }[];
}

/**
 * The same list grouped under the top-level categories, for `<optgroup>` rendering. Deeper levels
 * are listed under their top-level ancestor with their path ("市容环境 / 噪声扰民 / 施工噪声").
 */
export function groupCategories(rows: readonly CategoryOption[]): CategoryGroup[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const groups = new Map<number, CategoryGroup>();
  for (const row of rows) {
    if (row.parentId === null) groups.set(row.id, { id: row.id, name: row.name, children: [] });
  }
  for (const row of rows) {
    if (row.parentId === null) continue;
    const path = [row.name];
    let ancestor = byId.get(row.parentId);
    while (ancestor && ancestor.parentId !== null) {
      path.unshift(ancestor.name);
      ancestor = byId.get(ancestor.parentId);
    }
    if (ancestor) groups.get(ancestor.id)?.children.push({ id: row.id, name: path.join(" / ") });
  }
  return [...groups.values()];
}

/** The list as indented options, parents before their children (for filters on any level). */
export function categoryTreeOptions(rows: readonly CategoryOption[]): { id: number; label: string }[] {
  const out: { id: number; label: string }[] = [];
  const walk = (parentId: number | null, depth: number) => {
    for (const row of rows.filter((r) => r.parentId === parentId)) {
      out.push({ id: row.id, label: `${"\u3000".repeat(depth)}${row.code} ${row.name}` });
      walk(row.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
