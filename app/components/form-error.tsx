/** The message of a failed action, announced to screen readers. */
export function FormError({ error }: { error?: { message: string } | null }) {
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {error.message}
    </p>
  );
}
