/**
 * Errors a person can act on. Each carries a stable `code` that the UI turns into words
 * (app/i18n) and an HTTP status that entry points use: 400 bad input, 404 missing,
 * 409 not allowed in the current state.
 */
export type DomainErrorStatus = 400 | 403 | 404 | 409;

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: DomainErrorStatus,
    readonly params: Record<string, string | number> = {},
    /** For input errors: which form field is wrong. */
    readonly field?: string,
  ) {
    super(code);
    this.name = "DomainError";
  }
}

export const invalidInput = (code: string, field?: string, params: Record<string, string | number> = {}) =>
  new DomainError(code, 400, params, field);
export const notFound = (code: string) => new DomainError(code, 404);
export const conflict = (code: string, params: Record<string, string | number> = {}) =>
  new DomainError(code, 409, params);
