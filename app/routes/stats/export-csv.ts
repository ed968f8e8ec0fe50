import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadHeaders, rankingCsv } from "~/app/stats-export.server";
import { loadRanking, periodFromUrl, requireStats } from "~/app/stats.server";

/** GET /stats/export.csv?from=&to= — the ranking of the period as CSV (a lead: its own department). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db, clock, scope } = requireStats(request, context);
  const { period } = periodFromUrl(new URL(request.url), clock.now());
  const { rows } = await loadRanking(db, scope, period);
  return new Response(rankingCsv(rows), { status: 200, headers: downloadHeaders(period, "csv", "text/csv; charset=utf-8") });
}
