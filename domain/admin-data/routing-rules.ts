import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "~/db/client";
import { categories, departments, routingRules } from "~/db/schema";
import { recordAudit } from "../audit";
import { type CommandContext, parseInput } from "../command";
import { conflict, invalidInput, notFound } from "../errors";
import { configTarget } from "./shared";

export const routingRuleInputSchema = z.object({
  categoryId: z.number({ message: "category_invalid" }).int("category_invalid").positive("category_invalid"),
  /** A street or area name as tickets record it; empty = the whole district (category-wide rule). */
  area: z
    .string()
    .trim()
    .max(50, "area_invalid")
    .nullish()
    .transform((v) => (v ? v : null)),
  departmentId: z.number({ message: "department_invalid" }).int("department_invalid").positive("department_invalid"),
});
export type RoutingRuleInput = z.input<typeof routingRuleInputSchema>;

/** Every rule with its category and department, in category-code order, the category-wide rule first. */
export async function listRoutingRules(db: Queryable) {
  const rows = await db
    .select({
      id: routingRules.id,
      categoryId: routingRules.categoryId,
      categoryCode: categories.code,
      categoryName: categories.name,
      categoryActive: categories.active,
      area: routingRules.area,
      departmentId: routingRules.departmentId,
      departmentName: departments.name,
      departmentActive: departments.active,
    })
    .from(routingRules)
    .innerJoin(categories, eq(categories.id, routingRules.categoryId))
    .innerJoin(departments, eq(departments.id, routingRules.departmentId))
    .orderBy(asc(categories.code), asc(routingRules.id));
  return rows.sort((a, b) => a.categoryCode.localeCompare(b.categoryCode) || Number(a.area !== null) - Number(b.area !== null) || (a.area ?? "").localeCompare(b.area ?? ""));
}

async function getRoutingRule(db: Queryable, id: number) {
  const [row] = await db.select().from(routingRules).where(eq(routingRules.id, id));
  if (!row) throw notFound("routing_rule_not_found");
  return row;
}

async function activeDepartment(db: Queryable, id: number) {
  const [row] = await db.select().from(departments).where(and(eq(departments.id, id), eq(departments.active, true)));
  if (!row) throw invalidInput("department_invalid", "departmentId");
  return row;
}

async function existingCategory(db: Queryable, id: number) {
  const [row] = await db.select().from(categories).where(eq(categories.id, id));
  if (!row) throw invalidInput("category_invalid", "categoryId");
  return row;
}

function ruleLabel(category: { code: string; name: string }, area: string | null) {
  return `分派规则：${category.code} ${category.name}${area ? `（${area}）` : ""}`;
}

export async function createRoutingRule(ctx: CommandContext, raw: RoutingRuleInput) {
  const input = parseInput(routingRuleInputSchema, raw);
  return ctx.db.transaction(async (tx) => {
    const category = await existingCategory(tx, input.categoryId);
    const department = await activeDepartment(tx, input.departmentId);
    const [twin] = await tx
      .select({ id: routingRules.id })
      .from(routingRules)
      .where(and(eq(routingRules.categoryId, input.categoryId), input.area === null ? isNull(routingRules.area) : eq(routingRules.area, input.area)));
    if (twin) throw conflict("routing_rule_exists", { category: `${category.code} ${category.name}`, area: input.area ?? "" });
    // The unique constraint is the last word when two administrators add the same rule at once.
    const [row] = await tx.insert(routingRules).values(input).returning();
    await recordAudit(tx, {
      action: "routing_rule.create",
      actor: ctx.actor,
      at: ctx.clock.now(),
      target: configTarget(`routing_rules/${row!.id}`, ruleLabel(category, input.area)),
      detail: { after: { category: category.code, area: input.area, department: department.name } },
    });
    return row!;
  });
}

/** Points a rule at another department (its category and area stay; a different pair is a new rule). */
export async function updateRoutingRuleDepartment(ctx: CommandContext, id: number, raw: { departmentId: number }) {
  const { departmentId } = parseInput(routingRuleInputSchema.pick({ departmentId: true }), raw);
  return ctx.db.transaction(async (tx) => {
    const before = await getRoutingRule(tx, id);
    const category = await existingCategory(tx, before.categoryId);
    const department = await activeDepartment(tx, departmentId);
    const [previous] = await tx.select({ name: departments.name }).from(departments).where(eq(departments.id, before.departmentId));
    const [row] = await tx.update(routingRules).set({ departmentId }).where(eq(routingRules.id, id)).returning();
    await recordAudit(tx, {
      action: "routing_rule.update",
      actor: ctx.actor,
      at: ctx.clock.now(),
      target: configTarget(`routing_rules/${id}`, ruleLabel(category, before.area)),
      detail: { department: { from: previous?.name ?? before.departmentId, to: department.name } },
    });
    return row!;
  });
}

export async function deleteRoutingRule(ctx: CommandContext, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const before = await getRoutingRule(tx, id);
    const category = await existingCategory(tx, before.categoryId);
    const [department] = await tx.select({ name: departments.name }).from(departments).where(eq(departments.id, before.departmentId));
    await tx.delete(routingRules).where(eq(routingRules.id, id));
    await recordAudit(tx, {
      action: "routing_rule.delete",
      actor: ctx.actor,
      at: ctx.clock.now(),
      target: configTarget(`routing_rules/${id}`, ruleLabel(category, before.area)),
      detail: { before: { category: category.code, area: before.area, department: department?.name ?? before.departmentId } },
    });
  });
}
