/** CSV for downloads opened in Excel: UTF-8 with a BOM, RFC 4180 quoting, no formula injection. */

/** Excel reads a UTF-8 CSV as UTF-8 (not the ANSI code page) only when it starts with a BOM. */
export const BOM = "\uFEFF";

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break, quotes doubled.
 * A value starting with = + - @ (or tab / carriage return) would be run as a formula by Excel or
 * LibreOffice (CSV injection), so it gets a leading apostrophe and is shown as text.
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
