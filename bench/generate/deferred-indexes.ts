import type postgres from "postgres";

/**
 * Secondary indexes and foreign-key / unique constraints of the tables being loaded, taken from
 * the catalog (so they are exactly what the migrations created), dropped before the load and
 * recreated after it: building an index once over the loaded rows is much faster than keeping it
 * up to date row by row, and one validating join per foreign key is faster than a check per row.
 * Primary keys stay: rows arrive in key order, so they only ever grow at the right edge.
 */
export interface DeferredDefinitions {
  foreignKeys: { table: string; name: string; definition: string }[];
  uniques: { table: string; name: string; definition: string }[];
  indexes: { name: string; definition: string }[];
}

export async function dropDeferrable(sql: postgres.Sql, tables: readonly string[]): Promise<DeferredDefinitions> {
  const constraints = await sql<{ table: string; name: string; type: string; definition: string }[]>`
    select conrelid::regclass::text as table, conname as name, contype as type, pg_get_constraintdef(oid) as definition
    from pg_constraint where conrelid = any(${tables as string[]}::regclass[]) and contype in ('f', 'u') order by conname`;
  const indexes = await sql<{ name: string; definition: string }[]>`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i where i.indrelid = any(${tables as string[]}::regclass[])
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
    order by 1`;
  const deferred = {
    foreignKeys: constraints.filter((c) => c.type === "f"),
    uniques: constraints.filter((c) => c.type === "u"),
    indexes: [...indexes],
  };
  for (const c of [...deferred.foreignKeys, ...deferred.uniques]) await sql.unsafe(`alter table ${c.table} drop constraint "${c.name}"`);
  for (const i of deferred.indexes) await sql.unsafe(`drop index ${i.name}`);
  return deferred;
}

/**
 * Recreates what dropDeferrable dropped on `parallel` connections at once: indexes and unique
 * constraints, then the foreign keys (each waits for the index builds on its tables by lock).
 */
export async function restoreDeferred(
  sql: postgres.Sql,
  deferred: DeferredDefinitions,
  options: { parallel: number; log: (line: string) => void },
): Promise<void> {
  const statements = [
    // Trigram (GIN) builds take longest: started first, the others fill the remaining connection.
    ...[...deferred.indexes].sort((a, b) => Number(b.definition.includes("USING gin")) - Number(a.definition.includes("USING gin"))).map((i) => ({ label: i.name, text: i.definition })),
    ...[...deferred.uniques, ...deferred.foreignKeys].map((c) => ({ label: c.name, text: `alter table ${c.table} add constraint "${c.name}" ${c.definition}` })),
  ];
  const queue = [...statements];
  const worker = async () => {
    const connection = await sql.reserve();
    try {
      // Large sorts in memory; the parallel builds come from running several statements at once.
      await connection.unsafe("set maintenance_work_mem = '1GB'");
      await connection.unsafe("set max_parallel_maintenance_workers = 0");
      for (let next = queue.shift(); next; next = queue.shift()) {
        const started = Date.now();
        await connection.unsafe(next.text);
        options.log(`  ${next.label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
    } finally {
      connection.release();
    }
  };
  await Promise.all(Array.from({ length: options.parallel }, worker));
}
