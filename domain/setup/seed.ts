import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DatabaseHandle, Transaction } from "~/db/client";
import { calendarDays, categories, departments, jobSchedules, routingRules, supervisionLevels, timeLimitRules } from "~/db/schema";
import { seedCategories, type SeedCategory } from "~/db/seed/categories";
import { seedDepartments } from "~/db/seed/departments";
import { seedHolidayCalendars } from "~/db/seed/holidays";
import { seedJobSchedules, seedSupervisionLevels } from "~/db/seed/supervision";
import { seedRoutingRules, seedTimeLimitRules } from "~/db/seed/ticket-rules";
import type { Actor } from "../audit";
import type { Clock } from "../clock";
import { getSetting, putSetting } from "../settings";
import { createStaffUser } from "../staff/users";
import { DEMO_PASSWORD, demoAccounts } from "./demo-accounts";
import type { ArticleIndexer } from "../knowledge/articles";
import { seedDemoKnowledge } from "./demo-knowledge";
import { seedDemoTickets } from "./demo-tickets";

const systemActor: Actor = { id: null, label: "system:seed", ip: null };

interface SeedOptions {
  withDemoAccounts: boolean;
  /** A few weeks of demo tickets (needs the demo accounts); off in tests that count tickets. */
  withDemoTickets?: boolean;
  /**
   * With demo tickets, a small demo knowledge base is written and indexed through this (the
   * Postgres backend's writer; passed in because domain/ does not depend on search/).
   */
  articleIndexer?: ArticleIndexer;
}

/**
 * Starting data, in steps. Each step runs once, in one transaction with its marker setting, so a
 * database made by an earlier version gets the steps added since, and a crash half-way leaves
 * nothing behind. Steps refer to earlier ones by code (department and category codes).
 */
const SEED_STEPS: readonly { key: string; run(tx: Transaction, clock: Clock, options: SeedOptions): Promise<void> }[] = [
  {
    key: "seed.initial",
    async run(tx, clock, options) {
      const at = clock.now();
      await tx.insert(departments).values(seedDepartments.map((d) => ({ ...d, createdAt: at, updatedAt: at })));
      await insertCategoryTree(tx, seedCategories, null);
      if (!options.withDemoAccounts) return;
      for (const account of demoAccounts) {
        const departmentId = account.departmentCode ? await departmentIdByCode(tx, account.departmentCode) : null;
        await createStaffUser(
          { db: tx, clock, actor: systemActor },
          { username: account.username, displayName: account.displayName, password: DEMO_PASSWORD, roles: [account.role], departmentId },
        );
      }
    },
  },
  {
    key: "seed.time-limits-calendar-routing",
    async run(tx) {
      await tx.insert(timeLimitRules).values(
        seedTimeLimitRules.map((r) => ({
          name: r.name,
          requestType: r.requestType,
          urgency: r.urgency,
          dispatchValue: r.dispatch[0],
          dispatchUnit: r.dispatch[1],
          signValue: r.sign[0],
          signUnit: r.sign[1],
          handleValue: r.handle[0],
          handleUnit: r.handle[1],
        })),
      );
      for (const year of seedHolidayCalendars) {
        for (const period of year.periods) {
          const rows = [
            ...period.daysOff.map((day) => ({ day, kind: "holiday" as const, name: period.name })),
            ...period.makeUpWorkdays.map((day) => ({ day, kind: "workday" as const, name: `${period.name}调休上班` })),
          ];
          if (rows.length) await tx.insert(calendarDays).values(rows).onConflictDoNothing();
        }
      }
      for (const rule of seedRoutingRules) {
        const [category] = await tx.select({ id: categories.id }).from(categories).where(eq(categories.code, rule.categoryCode));
        // Administrators may have replaced the starting tree; only route what still exists.
        if (!category) continue;
        const departmentId = await departmentIdByCode(tx, rule.departmentCode).catch(() => null);
        if (departmentId !== null) await tx.insert(routingRules).values({ categoryId: category.id, departmentId }).onConflictDoNothing();
      }
    },
  },
  {
    key: "seed.supervision-and-schedules",
    async run(tx, clock) {
      const at = clock.now();
      await tx.insert(supervisionLevels).values(seedSupervisionLevels.map((l) => ({ ...l, updatedAt: at }))).onConflictDoNothing();
      await tx.insert(jobSchedules).values(seedJobSchedules.map((s) => ({ ...s, updatedAt: at }))).onConflictDoNothing();
    },
  },
  {
    key: "seed.demo-tickets",
    async run(tx, clock, options) {
      if (options.withDemoAccounts && options.withDemoTickets) await seedDemoTickets(tx, clock);
    },
  },
  {
    key: "seed.demo-knowledge",
    async run(tx, clock, options) {
      if (options.withDemoAccounts && options.withDemoTickets && options.articleIndexer) await seedDemoKnowledge(tx, clock, options.articleIndexer);
    },
  },
];

export interface SeedOutcome {
  /** The steps that ran now. */
  ran: string[];
}

/** Runs the seed steps this database has not had yet, under a cluster-wide lock. */
export async function seedOnFirstStart(handle: DatabaseHandle, clock: Clock, options: SeedOptions): Promise<SeedOutcome> {
  return handle.withExclusiveLock("hotline:seed", async () => {
    const ran: string[] = [];
    for (const step of SEED_STEPS) {
      const done = await getSetting(handle.db, step.key, z.object({ at: z.string() }).nullable(), null);
      if (done) continue;
      await handle.db.transaction(async (tx) => {
        await step.run(tx, clock, options);
        await putSetting(tx, step.key, { at: clock.now().toISOString() }, clock.now());
      });
      ran.push(step.key);
    }
    return { ran };
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
