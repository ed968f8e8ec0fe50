import { getTableColumns, getTableName } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Queryable } from "./client";
import { queryPrepared } from "./prepared";

/**
 * Inserts rows of one table in one statement whose text does not depend on the rows: they travel
 * as a single jsonb parameter that `jsonb_populate_recordset` turns back into rows of the table's
 * own type, so every value is converted exactly as the column would convert it. Returns the
 * written rows as drizzle's own select would (same column decoders); match them to the rows given
 * by a key, as RETURNING promises no order. `onConflict` is fixed text appended as written.
 *
 * Why not `db.insert(table).values(rows)`: drizzle's builder spends about 0.1–0.2 ms of CPU per row
 * binding parameters one by one, and sends a new statement text for every row count; this
 * serialises the rows once and runs a prepared statement (docs/decisions/0011-city-scale.md).
 * Used by the write path of every ticket command: tickets, their events, deadline watches and
 * outbox rows.
 *
 * Every row must give the same columns (a column a row left out would be NULL, not its default).
 */
export async function insertRows<T extends PgTable>(
  db: Queryable,
  table: T,
  rows: readonly T["$inferInsert"][],
  options: { onConflict?: string } = {},
): Promise<T["$inferSelect"][]> {
  if (!rows.length) return [];
  const columns = Object.entries(getTableColumns(table));
  const first = rows[0] as Record<string, unknown>;
  const given = columns.filter(([key]) => first[key] !== undefined);
  const keyCount = Object.keys(first).length;
  // Plain loops: this runs for every row of every ticket command.
  const payload = rows.map((row) => {
    const record = row as Record<string, unknown>;
    if (Object.keys(record).length !== keyCount) throw new Error(`insertRows: every row must give the same columns as the first`);
    const out: Record<string, unknown> = {};
    for (const [key, column] of given) {
      if (record[key] === undefined) throw new Error(`insertRows: every row must give ${key}`);
      out[column.name] = record[key];
    }
    return out;
  });
  const names = given.map(([, column]) => `"${column.name}"`).join(", ");
  const tableName = `"${getTableName(table)}"`;
  const text = `insert into ${tableName} (${names}) select ${names} from jsonb_populate_recordset(null::${tableName}, $1::jsonb) ${options.onConflict ?? ""} returning *`;
  const written = await queryPrepared<Record<string, unknown>>(db, text, [JSON.stringify(payload)]);
  return written.map((raw) => {
    const row: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = raw[column.name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as T["$inferSelect"];
  });
}
