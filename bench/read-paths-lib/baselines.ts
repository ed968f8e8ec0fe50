import type postgres from "postgres";
import { UNFINISHED_STATES } from "~/domain/supervision/dashboard";

/**
 * The least any server could do for each read, timed with postgres.js in this process: the same
 * index lookups the pages rest on, without HTTP, the app's other queries or rendering.
 */
export function rawStatusLookup(sql: postgres.Sql) {
  return async (ticket: { number: string; queryCode: string }) => {
    const [row] = await sql`select * from tickets where number = ${ticket.number}`;
    if (!row || row.query_code !== ticket.queryCode) throw new Error(`raw lookup of ${ticket.number} found nothing`);
    await sql`select at, action, to_state from ticket_events where ticket_id = ${row.id} order by id`;
  };
}

/** The inbox's first page: the unit's tickets waiting to be signed, by deadline. */
export function rawInboxPage(sql: postgres.Sql, departmentId: number, states: readonly string[]) {
  return () => sql`
    select t.* from ticket_assignments a join tickets t on t.id = a.ticket_id
    where a.department_id = ${departmentId} and a.worklist_state in ${sql(states as string[])}
    order by a.worklist_due_at, a.ticket_id limit 25`;
}

/** The dashboard's headline figure: unfinished tickets by state. */
export function rawOpenCounts(sql: postgres.Sql) {
  return () => sql`select state, count(*) from tickets where state in ${sql(UNFINISHED_STATES as string[])} group by state`;
}

/** Events with their tickets in feed order, streamed in pages of 1,000 rows; returns rows read. */
export async function rawFeedStream(sql: postgres.Sql, rows: number): Promise<number> {
  let read = 0;
  await sql`
    select e.*, t.* from ticket_events e join tickets t on t.id = e.ticket_id
    order by e.tx_id, e.id limit ${rows}`.cursor(1000, (batch) => {
    read += batch.length;
  });
  return read;
}
