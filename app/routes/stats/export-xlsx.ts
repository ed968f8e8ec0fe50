import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadHeaders, rankingXlsx, XLSX_CONTENT_TYPE } from "~/app/stats-export.server";
import { definitionLines, loadRanking, periodFromUrl, requireStats } from "~/app/stats.server";

/** GET /stats/export.xlsx?from=&to= — the ranking of the period as an Excel workbook (write-excel-file). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db, clock, scope } = requireStats(request, context);
  const { period } = periodFromUrl(new URL(request.url), clock.now());
  const { rows, definitions } = await loadRanking(db, scope, period);
  const file = await rankingXlsx(rows, period, definitionLines(definitions), clock.now());
  return new Response(new Uint8Array(file), { status: 200, headers: downloadHeaders(period, "xlsx", XLSX_CONTENT_TYPE) });
}
