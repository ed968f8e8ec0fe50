import { and, asc, eq, ne } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "~/db/client";
import { type Department, departments } from "~/db/schema";
import { cachedAdminData } from "./admin-data/cached";
import { recordAudit } from "./audit";
import { type CommandContext, parseInput } from "./command";
import { conflict, notFound } from "./errors";

export const departmentInputSchema = z.object({
  name: z.string().trim().min(2, "department_name_invalid").max(60, "department_name_invalid"),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{2,20}$/, "department_code_invalid")
    .transform((c) => c.toUpperCase()),
  contactPhone: z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{3,30}$/, "phone_invalid")
    .nullable()
    .or(z.literal("").transform(() => null)),
  active: z.boolean(),
});
export type DepartmentInput = z.input<typeof departmentInputSchema>;

/**
 * Every department in code order, read once per process and kept until one changes
 * (cachedAdminData; migration 0018 makes the table bump the administrator-data version). Nearly
 * every staff page names departments or offers them in a list. One copy serves every request, so
 * it is read-only.
 */
const allDepartments = cachedAdminData((db) => db.select().from(departments).orderBy(asc(departments.code)));

export async function listDepartments(db: Queryable, options: { activeOnly?: boolean } = {}): Promise<readonly Department[]> {
  const all = await allDepartments(db);
  return options.activeOnly ? all.filter((d) => d.active) : all;
}

export async function getDepartment(db: Queryable, { id }: { id: number }) {
  const [row] = await db.select().from(departments).where(eq(departments.id, id));
  if (!row) throw notFound("department_not_found");
  return row;
}

async function assertUnique(db: Queryable, input: { name: string; code: string }, exceptId?: number) {
  const others = exceptId === undefined ? undefined : ne(departments.id, exceptId);
  const [byCode] = await db.select({ id: departments.id }).from(departments).where(and(eq(departments.code, input.code), others));
  if (byCode) throw conflict("department_code_taken", { code: input.code });
  const [byName] = await db.select({ id: departments.id }).from(departments).where(and(eq(departments.name, input.name), others));
  if (byName) throw conflict("department_name_taken", { name: input.name });
}

export async function createDepartment(ctx: CommandContext, raw: DepartmentInput) {
  const input = parseInput(departmentInputSchema, raw);
  return ctx.db.transaction(async (tx) => {
    await assertUnique(tx, input);
    const at = ctx.clock.now();
    const [row] = await tx.insert(departments).values({ ...input, createdAt: at, updatedAt: at }).returning();
    await recordAudit(tx, {
      action: "department.create",
      actor: ctx.actor,
      at,
      target: { type: "department", id: row!.id, label: row!.name },
      detail: input,
    });
    return row!;
  });
}

export async function updateDepartment(ctx: CommandContext, id: number, raw: DepartmentInput) {
  const input = parseInput(departmentInputSchema, raw);
  return ctx.db.transaction(async (tx) => {
    const before = await getDepartment(tx, { id });
    await assertUnique(tx, input, id);
    const at = ctx.clock.now();
    const [row] = await tx.update(departments).set({ ...input, updatedAt: at }).where(eq(departments.id, id)).returning();
    const changed = Object.fromEntries(
      (Object.keys(input) as (keyof typeof input)[])
        .filter((k) => before[k] !== input[k])
        .map((k) => [k, { from: before[k], to: input[k] }]),
    );
    await recordAudit(tx, {
      action: "department.update",
      actor: ctx.actor,
      at,
      target: { type: "department", id, label: row!.name },
      detail: changed,
    });
    return row!;
  });
}
