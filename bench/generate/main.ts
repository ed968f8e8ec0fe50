import { ensureGeneratedDatabase } from "./generate";

/**
 * `npm run bench:generate -- --tickets=10000000 --database=hotline_bench_10m`: a city-scale
 * database on the benchmarks' PostgreSQL server (DATABASE_URL, else the local one), reused when a
 * finished generation of that size is already there.
 */
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const tickets = Number(args.tickets ?? 10_000_000);
if (!Number.isInteger(tickets) || tickets < 1) throw new Error(`--tickets must be a positive integer, not ${args.tickets}`);
const result = await ensureGeneratedDatabase(args.database ?? "hotline_bench_10m", tickets);
console.log(JSON.stringify(result));
