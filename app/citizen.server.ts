import {
  type AppLoadContext,
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { errorMessage, messages } from "~/app/i18n";
import type { DomainError } from "~/domain/errors";
import type { RateLimitResult } from "~/domain/rate-limit";
import type { TicketActor } from "~/domain/tickets/access";
import { readForm } from "~/app/form.server";

const t = messages.citizen;

/** A member of the public (or a machine client) acting without an account. */
export function citizenActor(context: AppLoadContext, label: string): TicketActor {
  return { id: null, label, ip: context.ip, roles: [], departmentId: null };
}

/** Words for a domain error: attachment codes from the citizen messages, the rest as everywhere. */
export function domainErrorText(error: DomainError): string {
  const entry = (t.errors as Record<string, string | ((p: Record<string, string | number>) => string)>)[error.code];
  if (typeof entry === "function") return entry(error.params);
  return entry ?? errorMessage(error.code, error.params);
}

/** 429 with Retry-After and a sentence a person understands. */
export function tooManyRequests<T extends object>(limit: RateLimitResult, body: (message: string) => T) {
  return data(body(t.rateLimited(limit.retryAfterSeconds)), { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } });
}

/** An upload the server will not take, with the status and the words to show. */
export class UploadRejected extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
    this.name = "UploadRejected";
  }
}

class TooManyFiles extends Error {}

const TEXT_FIELD_MAX_BYTES = 64 * 1024;

/**
 * Reads a multipart form with up to `maxFiles` files in `fileField`, each at most `maxBytes`,
 * held in memory. A urlencoded body is read as an ordinary form with no files. Anything too big
 * is refused with 413 before it is all read (declared Content-Length) or as soon as a part grows
 * past the limit. Browsers send an empty file part for an empty file input; those are dropped.
 */
export async function parseUploadForm(
  request: Request,
  options: { fileField: string; maxFiles: number; maxBytes: number },
): Promise<{ form: FormData; files: File[] }> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (type.startsWith("application/x-www-form-urlencoded")) return { form: await readForm(request), files: [] };
  if (!type.startsWith("multipart/form-data")) throw new UploadRejected(400, t.attachments.notMultipart);
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > options.maxBytes * Math.max(1, options.maxFiles) + 1024 * 1024) {
    throw new UploadRejected(413, t.attachments.requestTooLarge);
  }
  const fileHandler = unstable_createMemoryUploadHandler({ maxPartSize: options.maxBytes });
  const textHandler = unstable_createMemoryUploadHandler({ maxPartSize: TEXT_FIELD_MAX_BYTES });
  let fileCount = 0;
  const handler: UploadHandler = async (part) => {
    if (part.filename === undefined) return textHandler(part);
    if (part.name !== options.fileField || part.filename === "") {
      let skipped = 0;
      for await (const chunk of part.data) {
        skipped += chunk.byteLength;
        if (skipped > options.maxBytes) throw new MaxPartSizeExceededError(part.name, options.maxBytes);
      }
      return undefined;
    }
    fileCount += 1;
    if (fileCount > options.maxFiles) throw new TooManyFiles();
    return fileHandler(part);
  };
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      throw new UploadRejected(413, error.field === options.fileField ? t.attachments.tooLarge(Math.floor(options.maxBytes / (1024 * 1024))) : t.attachments.requestTooLarge);
    }
    if (error instanceof TooManyFiles) throw new UploadRejected(400, t.report.tooManyFiles(options.maxFiles));
    if (error instanceof TypeError || (error instanceof Error && /multipart|content-disposition/i.test(error.message))) {
      throw new UploadRejected(400, t.attachments.notMultipart);
    }
    throw error;
  }
  const files = form.getAll(options.fileField).filter((v): v is File => typeof v !== "string");
  return { form, files };
}

/** The bytes of an uploaded file in the shape the domain takes. */
export async function uploadOf(file: File) {
  return { fileName: file.name, contentType: file.type, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** Client address for rate-limit keys. */
export function clientKey(context: AppLoadContext): string {
  return context.ip ?? "unknown";
}
