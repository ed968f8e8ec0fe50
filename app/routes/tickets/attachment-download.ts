import type { LoaderFunctionArgs } from "@remix-run/node";
import { routeIntParam } from "~/app/form.server";
import { requireTicketContext, TICKET_STAFF_ROLES } from "~/app/tickets.server";
import { getTicketAttachment } from "~/domain/attachments";
import { DomainError } from "~/domain/errors";

/** `filename*` of RFC 5987/6266: UTF-8, percent-encoded (what encodeURIComponent leaves out too). */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A plain-ASCII fallback name for old clients: anything else becomes "_". */
function asciiFallback(value: string): string {
  return value.replace(/[^\x20-\x7e]|["\\%;]/g, "_");
}

function contentDisposition(fileName: string): string {
  return `attachment; filename="${asciiFallback(fileName)}"; filename*=UTF-8''${rfc5987(fileName)}`;
}

/**
 * GET /tickets/:id/attachments/:attachmentId — the file, for staff who may see the ticket (404
 * otherwise, as for the ticket itself). Always a download, never rendered inline, never sniffed
 * (X-Content-Type-Options: nosniff is set on every response by server/http-app.ts).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = requireTicketContext(request, context, TICKET_STAFF_ROLES);
  const ticketId = routeIntParam(params.id);
  const attachmentId = routeIntParam(params.attachmentId);
  let found;
  try {
    found = await getTicketAttachment(ctx.db, context.services.attachments, ctx.actor, ticketId, attachmentId);
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) throw new Response("Not Found", { status: 404 });
    throw error;
  }
  const { attachment, bytes } = found;
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      "Content-Type": attachment.contentType,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": contentDisposition(attachment.fileName),
      "Cache-Control": "private, no-store",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      ETag: `"${attachment.sha256}"`,
    },
  });
}
