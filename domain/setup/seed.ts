import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DatabaseHandle, Transaction } from "~/db/client";
import { categories, departments } from "~/db/schema";
import { seedCategories, type SeedCategory } from "~/db/seed/categories";
import { seedDepartments } from "~/db/seed/departments";
import type { Actor } from "../audit";
import type { Clock } from "../clock";
import { getSetting, putSetting } from "../settings";
import { createStaffUser } from "../staff/users";
import { DEMO_PASSWORD, demoAccounts } from "./demo-accounts";

const SEED_MARKER = "seed.initial";
const systemActor: Actor = { id: null, label: "system:seed", ip: null };

export interface SeedOutcome {
  seeded: boolean;
  demoAccounts: boolean;
}

/**
 * Fills an empty database once: departments, categories and (outside production) one demo
 * account per role. A marker setting makes later starts skip it, and the cluster-wide lock keeps
 * two processes starting together from seeding twice.
 */
export async function seedOnFirstStart(
  handle: DatabaseHandle,
  clock: Clock,
  options: { withDemoAccounts: boolean },
): Promise<SeedOutcome> {
  return handle.withExclusiveLock("hotline:seed", async () => {
    const { db } = handle;
    const done = await getSetting(db, SEED_MARKER, z.object({ at: z.string() }).nullable(), null);
    if (done) return { seeded: false, demoAccounts: false };

    const at = clock.now();
    // One transaction: a crash half-way leaves an empty database that seeds again next start.
    await db.transaction(async (tx) => {
      await tx.insert(departments).values(seedDepartments.map((d) => ({ ...d, createdAt: at, updatedAt: at })));
      await insertCategoryTree(tx, seedCategories, null);
      if (options.withDemoAccounts) {
        for (const account of demoAccounts) {
          const departmentId = account.departmentCode ? await departmentIdByCode(tx, account.departmentCode) : null;
          await createStaffUser(
            { db: tx, clock, actor: systemActor },
            { username: account.username, displayName: account.displayName, password: DEMO_PASSWORD, roles: [account.role], departmentId },
          );
        }
      }
      await putSetting(tx, SEED_MARKER, { at: at.toISOString() }, at);
    });
    return { seeded: true, demoAccounts: options.withDemoAccounts };
  });
}

async function insertCategoryTree(tx: Transaction, nodes: readonly SeedCategory[], parentId: number | null) {
  for (const [sortOrder, node] of nodes.entries()) {
    const [row] = await tx
      .insert(categories)
      .values({ code: node.code, name: node.name, parentId, sortOrder })
      .returning({ id: categories.id });
    if (node.children) await insertCategoryTree(tx, node.children, row!.id);
  }
}

async function departmentIdByCode(tx: Transaction, code: string): Promise<number> {
  const [row] = await tx.select({ id: departments.id }).from(departments).where(eq(departments.code, code));
  if (!row) throw new Error(`Seed department ${code} is missing`);
  return row.id;
}
