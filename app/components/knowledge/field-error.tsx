/** The domain's message for one form field, shown right under it and tied to it for screen readers. */
export function FieldError({ error, field }: { error: { message: string; field: string | null } | null; field: string }) {
  if (error?.field !== field) return null;
  return (
    <span id={fieldErrorId(field)} className="field-error" role="alert">
      {error.message}
    </span>
  );
}

export function fieldErrorId(field: string): string {
  return `error-${field.replace(/\W/g, "-")}`;
}

/** aria-invalid and aria-describedby for an input whose field the error is about. */
export function invalidProps(error: { field: string | null } | null, field: string) {
  return error?.field === field ? { "aria-invalid": true, "aria-describedby": fieldErrorId(field) } : {};
}
