import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "~/db/client";
import { jobSchedules } from "~/db/schema";
import { recordAudit } from "../audit";
import { type CommandContext, parseInput } from "../command";
import { invalidInput, notFound } from "../errors";
import { changedFields } from "./shared";

/** The five cron fields in order, with the values each accepts (day of week: 0 and 7 are Sunday). */
const CRON_FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 7 },
] as const;

/** One comma-separated part: `*`, `n`, `a-b`, each optionally `/step`. */
const CRON_PART = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/;

function isValidCronField(text: string, range: { min: number; max: number }): boolean {
  return text.split(",").every((part) => {
    const match = CRON_PART.exec(part);
    if (!match) return false;
    const [, , from, to, step] = match;
    if (step !== undefined && Number(step) < 1) return false;
    if (from === undefined) return true;
    const low = Number(from);
    const high = to === undefined ? low : Number(to);
    return low >= range.min && high <= range.max && low <= high;
  });
}

/**
 * Whether `cron` is a standard five-field expression (minute hour day-of-month month day-of-week)
 * using numbers, `*`, ranges, lists and steps. Names (MON, JAN) and six-field forms are refused:
 * a schedule an administrator cannot read at a glance is a schedule nobody checks.
 * Returns the 1-based number of the first wrong field, or 0 when it is valid.
 */
export function firstInvalidCronField(cron: string): number {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== CRON_FIELDS.length) return -1;
  const wrong = fields.findIndex((field, i) => !isValidCronField(field, CRON_FIELDS[i]!));
  return wrong + 1;
}

export const jobScheduleInputSchema = z.object({
  cron: z.string().trim().max(100, "cron_invalid"),
  active: z.boolean(),
});
export type JobScheduleInput = z.input<typeof jobScheduleInputSchema>;

export async function listJobSchedules(db: Queryable) {
  return db.select().from(jobSchedules).orderBy(asc(jobSchedules.job));
}

/**
 * Changes when a background job runs, or pauses it; audited. Worker processes re-read the
 * schedules every minute (workers/runtime.ts), so the change takes effect within a minute.
 */
export async function updateJobSchedule(ctx: CommandContext, job: string, raw: JobScheduleInput) {
  const input = parseInput(jobScheduleInputSchema, raw);
  const cron = input.cron.split(/\s+/).join(" ");
  const wrongField = firstInvalidCronField(cron);
  if (wrongField === -1) throw invalidInput("cron_field_count", "cron");
  if (wrongField > 0) throw invalidInput("cron_field_invalid", "cron", { field: wrongField });
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(jobSchedules).where(eq(jobSchedules.job, job)).for("update");
    if (!before) throw notFound("job_schedule_not_found");
    const now = ctx.clock.now();
    const after = { cron, active: input.active };
    const [row] = await tx
      .update(jobSchedules)
      .set({ ...after, updatedAt: now })
      .where(eq(jobSchedules.job, job))
      .returning();
    await recordAudit(tx, {
      action: "job_schedule.update",
      actor: ctx.actor,
      at: now,
      target: { type: "job_schedule", id: job, label: `后台任务 ${job}` },
      detail: changedFields({ cron: before.cron, active: before.active }, after),
    });
    return row!;
  });
}
