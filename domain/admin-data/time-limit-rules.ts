import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "~/db/client";
import { categories, LIMIT_UNITS, REQUEST_TYPES, type TimeLimitRule, timeLimitRules, URGENCIES } from "~/db/schema";
import { recordAudit } from "../audit";
import { type CommandContext, parseInput } from "../command";
import { conflict, invalidInput, notFound } from "../errors";
import { chooseTimeLimitRule } from "../tickets/time-limits";
import { changedFields, configTarget } from "./shared";

/** Larger than any real limit (10 000 hours is over a year), small enough to catch typos. */
export const MAX_LIMIT_VALUE = 10_000;

const limitValue = z
  .number({ message: "time_limit_value_invalid" })
  .int("time_limit_value_invalid")
  .min(1, "time_limit_value_invalid")
  .max(MAX_LIMIT_VALUE, "time_limit_value_invalid");
const limitUnit = z.enum(LIMIT_UNITS, { message: "time_limit_unit_invalid" });

export const timeLimitRuleInputSchema = z.object({
  name: z.string({ message: "time_limit_name_invalid" }).trim().min(1, "time_limit_name_invalid").max(40, "time_limit_name_invalid"),
  requestType: z.enum(REQUEST_TYPES, { message: "request_type_invalid" }).nullable(),
  urgency: z.enum(URGENCIES, { message: "urgency_invalid" }).nullable(),
  categoryId: z.number({ message: "category_invalid" }).int("category_invalid").positive("category_invalid").nullable(),
  dispatchValue: limitValue,
  dispatchUnit: limitUnit,
  signValue: limitValue,
  signUnit: limitUnit,
  handleValue: limitValue,
  handleUnit: limitUnit,
});
export type TimeLimitRuleInput = z.input<typeof timeLimitRuleInputSchema>;

/** A rule with no keys matches every ticket: the catch-all that guarantees every ticket a deadline. */
export function isCatchAll(rule: Pick<TimeLimitRule, "requestType" | "urgency" | "categoryId">): boolean {
  return rule.requestType === null && rule.urgency === null && rule.categoryId === null;
}

/**
 * How specific a rule is; the highest matching score wins (see chooseTimeLimitRule):
 * category 4 > urgency 2 > request type 1, summed.
 */
export function ruleSpecificity(rule: Pick<TimeLimitRule, "requestType" | "urgency" | "categoryId">): number {
  return (rule.categoryId !== null ? 4 : 0) + (rule.urgency !== null ? 2 : 0) + (rule.requestType !== null ? 1 : 0);
}

/** Every rule with its category's code and name, most specific first, then by id (the tie-break order). */
export async function listTimeLimitRules(db: Queryable) {
  const rows = await db
    .select({ rule: timeLimitRules, categoryCode: categories.code, categoryName: categories.name })
    .from(timeLimitRules)
    .leftJoin(categories, eq(categories.id, timeLimitRules.categoryId))
    .orderBy(asc(timeLimitRules.id));
  return rows
    .map((r) => ({ ...r.rule, categoryCode: r.categoryCode, categoryName: r.categoryName, specificity: ruleSpecificity(r.rule) }))
    .sort((a, b) => b.specificity - a.specificity || a.id - b.id);
}

/**
 * Which rule applies to each request type × urgency for a ticket whose category has no rule of
 * its own: the table administrators check after a change.
 */
export function applicabilityMatrix(rules: readonly TimeLimitRule[]) {
  return REQUEST_TYPES.map((requestType) => ({
    requestType,
    byUrgency: URGENCIES.map((urgency) => ({ urgency, rule: chooseTimeLimitRule(rules.filter((r) => r.categoryId === null), { requestType, urgency, categoryId: null }) })),
  }));
}

export async function getTimeLimitRule(db: Queryable, id: number): Promise<TimeLimitRule> {
  const [row] = await db.select().from(timeLimitRules).where(eq(timeLimitRules.id, id));
  if (!row) throw notFound("time_limit_rule_not_found");
  return row;
}

type ParsedInput = z.infer<typeof timeLimitRuleInputSchema>;

async function assertValidKeys(db: Queryable, input: ParsedInput, exceptId?: number) {
  if (input.categoryId !== null) {
    const [category] = await db.select({ id: categories.id }).from(categories).where(eq(categories.id, input.categoryId));
    if (!category) throw invalidInput("category_invalid", "categoryId");
  }
  // Two rules with the same keys: the later one could never apply, which is never what was meant.
  const all = await db.select().from(timeLimitRules);
  const twin = all.find(
    (r) => r.id !== exceptId && r.requestType === input.requestType && r.urgency === input.urgency && r.categoryId === input.categoryId,
  );
  if (twin) throw conflict("time_limit_rule_duplicate", { name: twin.name });
  return all;
}

function ruleLabel(rule: { name: string }) {
  return `时限规则：${rule.name}`;
}

export async function createTimeLimitRule(ctx: CommandContext, raw: TimeLimitRuleInput): Promise<TimeLimitRule> {
  const input = parseInput(timeLimitRuleInputSchema, raw);
  return ctx.db.transaction(async (tx) => {
    await lockRules(tx);
    await assertValidKeys(tx, input);
    const [row] = await tx.insert(timeLimitRules).values(input).returning();
    await recordAudit(tx, {
      action: "time_limit_rule.create",
      actor: ctx.actor,
      at: ctx.clock.now(),
      target: configTarget(`time_limit_rules/${row!.id}`, ruleLabel(row!)),
      detail: { after: input },
    });
    return row!;
  });
}

export async function updateTimeLimitRule(ctx: CommandContext, id: number, raw: TimeLimitRuleInput): Promise<TimeLimitRule> {
  const input = parseInput(timeLimitRuleInputSchema, raw);
  return ctx.db.transaction(async (tx) => {
    await lockRules(tx);
    const before = await getTimeLimitRule(tx, id);
    const all = await assertValidKeys(tx, input, id);
    if (isCatchAll(before) && !isCatchAll(input) && !all.some((r) => r.id !== id && isCatchAll(r))) {
      throw conflict("time_limit_catch_all_required");
    }
    const [row] = await tx.update(timeLimitRules).set(input).where(eq(timeLimitRules.id, id)).returning();
    const { id: _id, ...beforeValues } = before;
    await recordAudit(tx, {
      action: "time_limit_rule.update",
      actor: ctx.actor,
      at: ctx.clock.now(),
      target: configTarget(`time_limit_rules/${id}`, ruleLabel(row!)),
      detail: changedFields(beforeValues, input),
    });
    return row!;
  });
}

export async function deleteTimeLimitRule(ctx: CommandContext, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await lockRules(tx);
    const before = await getTimeLimitRule(tx, id);
    if (isCatchAll(before)) {
      const others = await tx.select().from(timeLimitRules);
      if (!others.some((r) => r.id !== id && isCatchAll(r))) throw conflict("time_limit_catch_all_required");
    }
    await tx.delete(timeLimitRules).where(eq(timeLimitRules.id, id));
    const { id: _id, ...beforeValues } = before;
    await recordAudit(tx, {
      action: "time_limit_rule.delete",
      actor: ctx.actor,
      at: ctx.clock.now(),
      target: configTarget(`time_limit_rules/${id}`, ruleLabel(before)),
      detail: { before: beforeValues },
    });
  });
}

/** Serialises rule changes, so two administrators removing the last two catch-alls at once cannot both succeed. */
async function lockRules(tx: Queryable) {
  await tx.execute(sql`lock table time_limit_rules in share row exclusive mode`);
}
