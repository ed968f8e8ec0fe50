import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { departments } from "~/db/schema";
import { systemClock } from "~/domain/clock";
import type { CommandContext } from "~/domain/command";
import { importArticle, ImportLineError, parseImportLine } from "~/domain/knowledge/import";
import { seedOnFirstStart } from "~/domain/setup/seed";
import type { StaffRole } from "~/domain/staff/roles";
import { createStaffUser } from "~/domain/staff/users";
import { MAX_QUERY_LENGTH } from "~/search/backend";
import { postgresArticleIndexer } from "~/search/postgres/index-writer";
import { scratchPostgres } from "../lib/scratch-postgres";

/** The password of every bench user (only ever in a scratch database). */
export const LOAD_PASSWORD = "load-bench-password-2026";
/** The shared knowledge base and its dev questions (never copied into the repository). */
const KB_DATA = path.resolve("../shared/data/kb");
/** The demo department (区城管局) has the demo tickets; handlers of other units get theirs from the dispatchers. */
const HANDLER_DEPARTMENT_COUNT = 5;

export interface StaffPlan {
  operator: number;
  dispatcher: number;
  department_handler: number;
  supervisor: number;
}

export interface LoadFixture {
  databaseUrl: string;
  staff: { username: string; role: keyof StaffPlan }[];
  /** The units the handlers work in, and so the ones the dispatchers dispatch to. */
  handlerDepartmentIds: number[];
  /** Citizens' knowledge-base questions. */
  questions: string[];
  drop(): Promise<void>;
}

/**
 * A scratch PostgreSQL database made as a first start makes it (departments, categories, rules,
 * demo accounts, three weeks of demo tickets), plus one bench user per staff session and the
 * shared knowledge-base articles, all through the app's own commands.
 */
export async function prepareLoadDatabase(plan: StaffPlan, articleLimit: number): Promise<LoadFixture> {
  const scratch = await scratchPostgres();
  try {
    const { db } = scratch.handle;
    await seedOnFirstStart(scratch.handle, systemClock, { withDemoAccounts: true, withDemoTickets: true });
    const ctx: CommandContext = { db, clock: systemClock, actor: { id: null, label: "bench:load", ip: null } };
    const units = await db.select({ id: departments.id, code: departments.code }).from(departments).where(eq(departments.active, true)).orderBy(asc(departments.id));
    const handlerDepartmentIds = [...units.filter((u) => u.code === "CGJ"), ...units.filter((u) => u.code !== "CGJ")].slice(0, HANDLER_DEPARTMENT_COUNT).map((u) => u.id);

    const staff: LoadFixture["staff"] = [];
    for (const role of Object.keys(plan) as (keyof StaffPlan)[]) {
      for (let i = 0; i < plan[role]; i++) {
        const username = `load-${role.replace("department_", "")}-${String(i).padStart(3, "0")}`;
        const departmentId = role === "department_handler" ? handlerDepartmentIds[i % handlerDepartmentIds.length]! : null;
        await createStaffUser(ctx, { username, displayName: `压测${i}`, password: LOAD_PASSWORD, roles: [role as StaffRole], departmentId });
        staff.push({ username, role });
      }
    }
    await importArticles({ ...ctx, indexer: postgresArticleIndexer }, articleLimit);
    return { databaseUrl: scratch.url, staff, handlerDepartmentIds, questions: readQuestions(), drop: () => scratch.drop() };
  } catch (error) {
    await scratch.drop();
    throw error;
  }
}

function readJsonLines(file: string): string[] {
  const full = path.join(KB_DATA, file);
  return existsSync(full) ? readFileSync(full, "utf8").split("\n").filter((l) => l.trim()) : [];
}

/** The first `limit` shared articles, as `npm run kb:import` imports them (bad lines skipped). */
async function importArticles(ctx: Parameters<typeof importArticle>[0], limit: number) {
  for (const line of readJsonLines("articles.jsonl").slice(0, limit)) {
    try {
      await importArticle(ctx, parseImportLine(line));
    } catch (error) {
      if (!(error instanceof ImportLineError)) throw error;
    }
  }
}

/**
 * The shared dev questions, cut to what the search box takes (its maxlength; the API answers a
 * longer q with 400); a few of our own when the shared data is not there.
 */
function readQuestions(): string[] {
  const questions = readJsonLines("queries-dev.jsonl").map((l) => [...(JSON.parse(l) as { q: string }).q].slice(0, MAX_QUERY_LENGTH).join(""));
  return questions.length ? questions : ["路灯坏了找谁", "社保卡补办", "噪音扰民投诉", "公积金提取条件", "占道经营"];
}
