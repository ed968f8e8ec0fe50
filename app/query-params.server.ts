/**
 * Reading list filters from a query string. Unknown or malformed values are ignored rather than
 * refused: a filter link that no longer fits simply shows more.
 */
export function oneOf<T extends string>(values: readonly T[], raw: string | null): T | undefined {
  return raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : undefined;
}

export function positiveId(raw: string | null): number | undefined {
  const id = Number(raw);
  return raw && Number.isInteger(id) && id > 0 && id < 2 ** 31 ? id : undefined;
}

const DAY_MS = 86_400_000;

/** A yyyy-mm-dd date from a filter form, taken as midnight in China Standard Time. */
function parseDay(value: string | null): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00+08:00`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * A from/to day pair (both inclusive on the form) as the instants a query needs: `from` and an
 * exclusive `toExclusive`; `fromText`/`toText` echo the values that were understood.
 */
export function dayRange(fromRaw: string | null, toRaw: string | null) {
  const from = parseDay(fromRaw);
  const to = parseDay(toRaw);
  return {
    from,
    toExclusive: to ? new Date(to.getTime() + DAY_MS) : undefined,
    fromText: from ? fromRaw! : "",
    toText: to ? toRaw! : "",
  };
}
