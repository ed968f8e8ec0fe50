import writeXlsxFile, { type Cell, type SheetData } from "write-excel-file/node";
import { BOM, csvRow } from "~/app/csv.server";
import { formatDateTime, messages } from "~/app/i18n";
import type { RankingRowView } from "~/app/stats.server";
import type { Period } from "~/domain/stats/rates";

/** The ranking of one period as CSV (for Excel: UTF-8 with BOM) and as XLSX (write-excel-file). */

type Column = { key: keyof typeof messages.stats.csvColumns; value: (row: RankingRowView) => number | string | null; rate?: boolean };

const COLUMNS: readonly Column[] = [
  { key: "rank", value: (r) => r.rank },
  { key: "department", value: (r) => r.name },
  { key: "code", value: (r) => r.code },
  { key: "received", value: (r) => r.received },
  { key: "signed", value: (r) => r.signed },
  { key: "signedOnTime", value: (r) => r.signedOnTime },
  { key: "response", value: (r) => r.rates.response, rate: true },
  { key: "resolvedAnswered", value: (r) => r.resolvedAnswered },
  { key: "resolvedYes", value: (r) => r.resolvedYes },
  { key: "resolution", value: (r) => r.rates.resolution, rate: true },
  { key: "counted", value: (r) => r.counted },
  { key: "satisfaction", value: (r) => r.rates.satisfaction, rate: true },
  { key: "replied", value: (r) => r.replied },
  { key: "repliedOnTime", value: (r) => r.repliedOnTime },
  { key: "onTime", value: (r) => r.rates.onTime, rate: true },
  { key: "reworked", value: (r) => r.reworked },
  { key: "reworkRounds", value: (r) => r.reworkRounds },
  { key: "score", value: (r) => r.rates.score, rate: true },
];

export const RANKING_HEADER = COLUMNS.map((c) => messages.stats.csvColumns[c.key]);

/** "统计期间" file name, ASCII fallback and UTF-8 name for Content-Disposition. */
export function downloadHeaders(period: Period, extension: "csv" | "xlsx", contentType: string): Record<string, string> {
  const name = `${messages.stats.exports.fileName(period.from, period.to)}.${extension}`;
  return {
    "Content-Type": contentType,
    "Content-Disposition": `attachment; filename="stats-${period.from}_${period.to}.${extension}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  };
}

/** Rates (and the score) as percentages with one decimal; absent rates are empty cells. */
export function rankingCsv(rows: readonly RankingRowView[]): string {
  const cell = (c: Column, row: RankingRowView) => {
    const v = c.value(row);
    if (!c.rate) return v;
    return v === null ? "" : (Number(v) * 100).toFixed(1);
  };
  return BOM + csvRow(RANKING_HEADER) + rows.map((row) => csvRow(COLUMNS.map((c) => cell(c, row)))).join("");
}

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Two sheets: the ranking (rates as numbers formatted 0.0%) and the definitions in words. */
export async function rankingXlsx(rows: readonly RankingRowView[], period: Period, definitions: readonly string[], generatedAt: Date): Promise<Buffer> {
  const bold = { fontWeight: "bold" as const };
  const ranking: SheetData = [
    RANKING_HEADER.map((h): Cell => ({ value: h, ...bold })),
    ...rows.map((row) =>
      COLUMNS.map((c): Cell => {
        const v = c.value(row);
        if (v === null) return null;
        if (c.rate) return { value: Number(v) * (c.key === "score" ? 100 : 1), type: Number, format: c.key === "score" ? "0.0" : "0.0%" };
        return typeof v === "number" ? { value: v, type: Number } : { value: v, type: String };
      }),
    ),
  ];
  const t = messages.stats;
  const about: SheetData = [
    [{ value: `${messages.appName} · ${t.period.range(period.from, period.to)}`, ...bold }],
    [{ value: t.report.generatedAt(formatDateTime(generatedAt)), type: String }],
    [null],
    [{ value: t.definitions.title, ...bold }],
    ...definitions.map((line): Cell[] => [{ value: line, type: String }]),
  ];
  return writeXlsxFile([
    { data: ranking, sheet: t.exports.sheetRanking, columns: COLUMNS.map((c) => ({ width: c.key === "department" ? 24 : 12 })), stickyRowsCount: 1 },
    { data: about, sheet: t.exports.sheetDefinitions, columns: [{ width: 100 }] },
  ]).toBuffer();
}
