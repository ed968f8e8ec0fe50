import { randomBytes } from "node:crypto";
import type postgres from "postgres";
import { hashPassword } from "~/domain/staff/password";

/** The password of the benchmark's own staff accounts (created in the benchmark database only). */
export const BENCH_PASSWORD = "bench12345readpaths";

/** The status page's per-IP limit, raised for the run: the benchmark is one client asking many times. */
const STATUS_LIMIT_KEY = "rate_limit.citizen.status.ip";

/**
 * A handler of the unit with the most tickets (the heaviest inbox) and a supervisor, with a known
 * password hashed the way sign-in checks it. Idempotent, so a kept database can be measured again.
 */
export async function createBenchStaff(sql: postgres.Sql): Promise<{ departmentId: number; handler: string; supervisor: string }> {
  const [busiest] = await sql<{ department_id: number }[]>`
    select department_id from ticket_assignments group by department_id order by count(*) desc limit 1`;
  const departmentId = busiest!.department_id;
  const hash = await hashPassword(BENCH_PASSWORD);
  const accounts = [
    { id: "bench-handler", username: "bench_handler", name: "基准经办人", role: "department_handler", departmentId },
    { id: "bench-supervisor", username: "bench_supervisor", name: "基准督办员", role: "supervisor", departmentId: null },
  ];
  for (const a of accounts) {
    await sql`
      insert into users (id, username, display_name, password_hash, department_id)
      values (${a.id}, ${a.username}, ${a.name}, ${hash}, ${a.departmentId})
      on conflict (id) do update set password_hash = excluded.password_hash, department_id = excluded.department_id,
        active = true, failed_sign_ins = 0, locked_until = null`;
    await sql`insert into user_roles (user_id, role) values (${a.id}, ${a.role}) on conflict do nothing`;
  }
  return { departmentId, handler: "bench_handler", supervisor: "bench_supervisor" };
}

/**
 * Raises the status page's rate limit through its documented settings row (domain/rate-limit.ts)
 * for the duration of the run — every lookup still counts its hit, so the cost is measured — and
 * returns a function putting back what was there.
 */
export async function raiseStatusRateLimit(sql: postgres.Sql): Promise<() => Promise<void>> {
  const [previous] = await sql<{ value: unknown }[]>`select value from settings where key = ${STATUS_LIMIT_KEY}`;
  await sql`
    insert into settings (key, value, updated_at) values (${STATUS_LIMIT_KEY}, ${sql.json({ limit: 1_000_000, windowSeconds: 600 })}, now())
    on conflict (key) do update set value = excluded.value, updated_at = now()`;
  return async () => {
    if (previous) await sql`update settings set value = ${sql.json(previous.value as postgres.JSONValue)}, updated_at = now() where key = ${STATUS_LIMIT_KEY}`;
    else await sql`delete from settings where key = ${STATUS_LIMIT_KEY}`;
  };
}

/** A fresh export-feed key for the server this run starts. */
export const benchApiKey = () => randomBytes(24).toString("hex");
