import { data, redirect } from "@remix-run/node";
import { DomainError } from "~/domain/errors";
import { errorMessage } from "~/app/i18n";
import type { AdminDataActionError } from "./components/admin-data";
import { formText } from "./form.server";


/**
 * Runs one form's action: on success redirects back to `path` with `?notice=` (so a reload does
 * not post again); a DomainError becomes 400/404/409 with the message for the form that sent it.
 */
export async function runAdminDataAction(form: FormData, path: string, run: (intent: string) => Promise<string | null>) {
  const intent = formText(form, "intent");
  const target = formText(form, "id");
  try {
    const notice = await run(intent);
    if (notice === null) {
      return data<AdminDataActionError>(
        { error: { message: errorMessage("invalid_input"), field: "intent" }, intent, target },
        { status: 400 },
      );
    }
    const [pathname, query] = path.split("?");
    const params = new URLSearchParams(query);
    params.set("notice", notice);
    return redirect(`${pathname}?${params}`);
  } catch (error) {
    if (error instanceof DomainError) {
      return data<AdminDataActionError>(
        { error: { message: errorMessage(error.code, error.params), field: error.field ?? null }, intent, target },
        { status: error.status },
      );
    }
    throw error;
  }
}

/** A whole number from a form field; blank or garbage is NaN, which the domain refuses with its own code. */
export function formNumber(form: FormData, name: string): number {
  const value = formText(form, name);
  return value === "" || !/^-?\d+(\.\d+)?$/.test(value) ? Number.NaN : Number(value);
}

/** An optional id: blank is null; anything else a number (the domain checks it). */
export function formNullableNumber(form: FormData, name: string): number | null {
  const value = formText(form, name);
  return value === "" ? null : formNumber(form, name);
}
