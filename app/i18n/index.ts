import { zhCN, type Messages } from "./zh-CN";

/**
 * The active locale. zh-CN is the only one today; adding English means adding `en.ts` of type
 * `Messages` and choosing between them here (from the user's preference or Accept-Language).
 */
export const messages: Messages = zhCN;
export const locale = "zh-CN";
export const timeZone = "Asia/Shanghai";

/** The words for a domain error code, with its parameters filled in. */
export function errorMessage(code: string, params: Record<string, string | number> = {}): string {
  const entry = (messages.errors.codes as Record<string, string | ((p: Record<string, string | number>) => string)>)[code];
  if (typeof entry === "function") return entry(params);
  return entry ?? messages.errors.codes.invalid_input;
}

const dateTimeFormat = new Intl.DateTimeFormat(locale, {
  timeZone,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});

export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  return dateTimeFormat.format(typeof value === "string" ? new Date(value) : value);
}
