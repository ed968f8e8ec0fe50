import type postgres from "postgres";

/**
 * What the app expects after rows were written with explicit ids and numbers: identity sequences
 * past the highest id, and the daily number counters past the highest sequence of each day (so
 * the next ticket taken in today gets the next number, not a duplicate).
 */
export async function alignCountersWithRows(sql: postgres.Sql): Promise<void> {
  for (const table of ["tickets", "ticket_events", "calls", "ratings", "callback_tasks", "rating_verifications", "rectifications"]) {
    await sql.unsafe(`select setval(pg_get_serial_sequence('${table}', 'id'), greatest(1, (select coalesce(max(id), 0) from ${table})))`);
  }
  // Numbers are YYYYMMDD + five digits (no prefix on a generated database).
  await sql`
    insert into ticket_number_counters (day, last)
    select to_date(left(number, 8), 'YYYYMMDD'), max(right(number, 5)::int) from tickets group by 1
    on conflict (day) do update set last = greatest(ticket_number_counters.last, excluded.last)`;
}
