import { data } from "@remix-run/node";
import { DomainError } from "~/domain/errors";
import { errorMessage } from "~/app/i18n";

/**
 * The request's form body. A body that is not a form (JSON, a multipart without its boundary, a
 * truncated upload) is the client's mistake: a 400, never a server error.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("请求内容不是有效的表单。", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}

/** Reads a text field; absent and blank both become "". */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
}

/** Reads an optional positive integer id field ("" → null); anything else is a 400. */
export function formOptionalId(form: FormData, name: string): number | null {
  const value = formText(form, name);
  if (value === "") return null;
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new DomainError("invalid_input", 400, {}, name);
  return id;
}

export interface ActionError {
  error: { message: string; field: string | null };
}

/**
 * Runs an action body and turns a DomainError into a response the form can show:
 * status 400/404/409 with a message in the user's language and the offending field.
 */
export async function handleDomainErrors<T>(run: () => Promise<T>): Promise<T | ReturnType<typeof data<ActionError>>> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainError) {
      return data<ActionError>(
        { error: { message: errorMessage(error.code, error.params), field: error.field ?? null } },
        { status: error.status },
      );
    }
    throw error;
  }
}

/** Parses ?page= for paginated lists: a positive integer, 1 when absent or invalid. */
export function pageFromUrl(url: URL, pageSize: number) {
  const page = Math.max(1, Math.floor(Number(url.searchParams.get("page") ?? "1")) || 1);
  return { page, offset: (page - 1) * pageSize, limit: pageSize };
}

/** A numeric route parameter; anything that is not a positive integer is a 404. */
export function routeIntParam(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Not Found", { status: 404 });
  return id;
}

/** For loaders: a record the domain could not find becomes the 404 page. */
export async function orNotFound<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) throw new Response("Not Found", { status: 404 });
    throw error;
  }
}
