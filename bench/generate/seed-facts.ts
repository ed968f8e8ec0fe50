import type postgres from "postgres";
import type { SupervisionLevelRule } from "~/db/schema";
import { SUPERVISION_LEVELS } from "~/db/schema";
import type { SeedFacts } from "./story";

const HOUR_MS = 3_600_000;
/**
 * Working time in calendar time, roughly: eight working hours a day, five days a week. The
 * generator does not need the holiday calendar's precision, only plausible deadlines.
 */
const LIMIT_MS = { hours: HOUR_MS, working_hours: 3 * HOUR_MS, working_days: 1.4 * 24 * HOUR_MS } as Record<string, number>;

/** Departments, routed leaf categories, time-limit rules and supervision levels the seed created. */
export async function readSeedFacts(sql: postgres.Sql): Promise<SeedFacts> {
  const departments = await sql<{ id: number; name: string }[]>`select id, name from departments where active order by id`;
  const categories = await sql<{ id: number; code: string; department_id: number | null }[]>`
    select c.id, c.code, (select r.department_id from routing_rules r where r.category_id = c.id order by r.id limit 1) as department_id
    from categories c where c.active and not exists (select 1 from categories child where child.parent_id = c.id) order by c.id`;
  const rules = await sql<{ id: number; request_type: string | null; urgency: string | null; dispatch_value: number; dispatch_unit: string; sign_value: number; sign_unit: string; handle_value: number; handle_unit: string }[]>`
    select id, request_type, urgency, dispatch_value, dispatch_unit, sign_value, sign_unit, handle_value, handle_unit from time_limit_rules`;
  const levels = await sql<{ level: string; hours_after_due: number; share_used: number | null; active: boolean }[]>`select level, hours_after_due, share_used, active from supervision_levels where active`;
  const ms = (value: number, unit: string) => value * LIMIT_MS[unit]!;
  return {
    departments,
    categories: categories.map((c) => ({ id: c.id, code: c.code, departmentId: c.department_id })),
    rules: new Map(
      rules.map((r) => [r.urgency ?? r.request_type ?? "default", { id: r.id, dispatchMs: ms(r.dispatch_value, r.dispatch_unit), signMs: ms(r.sign_value, r.sign_unit), handleMs: ms(r.handle_value, r.handle_unit) }]),
    ),
    levels: levels
      .map((l) => ({ level: l.level, hoursAfterDue: l.hours_after_due, shareUsed: l.share_used }) as SupervisionLevelRule)
      .sort((a, b) => SUPERVISION_LEVELS.indexOf(a.level) - SUPERVISION_LEVELS.indexOf(b.level)),
  };
}
