import type { LoaderFunctionArgs } from "@remix-run/node";
import { formatDateTime, messages } from "~/app/i18n";
import { requireTicketContext, TICKET_STAFF_ROLES } from "~/app/tickets.server";
import { listTickets, type TicketView } from "~/domain/tickets/queries";
import { ticketFilterFromUrl } from "~/app/ticket-filters.server";
import { BOM, csvRow } from "~/app/csv.server";

/** Rows read per query: the export never holds more than one page in memory. */
export const EXPORT_PAGE_SIZE = 500;

type ExportRow = TicketView & { categoryName: string | null; leadDepartmentName: string | null };

const COLUMNS: readonly { key: keyof typeof messages.worklist.csv.columns; value: (t: ExportRow) => string | null }[] = [
  { key: "number", value: (t) => t.number },
  { key: "createdAt", value: (t) => formatDateTime(t.createdAt) },
  { key: "channel", value: (t) => messages.tickets.channels[t.channel] },
  { key: "requestType", value: (t) => messages.tickets.requestTypes[t.requestType] },
  { key: "urgency", value: (t) => messages.tickets.urgencies[t.urgency] },
  { key: "category", value: (t) => t.categoryName },
  { key: "title", value: (t) => t.title },
  { key: "description", value: (t) => t.description },
  { key: "address", value: (t) => t.address },
  { key: "area", value: (t) => t.area },
  // Already masked by the domain (presentTicket); null for a confidential ticket's department.
  { key: "citizenName", value: (t) => t.citizenName },
  { key: "citizenPhone", value: (t) => t.citizenPhone },
  { key: "anonymous", value: (t) => (t.anonymous ? messages.common.yes : messages.common.no) },
  { key: "confidential", value: (t) => (t.confidential ? messages.common.yes : messages.common.no) },
  { key: "state", value: (t) => messages.tickets.states[t.state] },
  { key: "leadDepartment", value: (t) => t.leadDepartmentName },
  { key: "deadline", value: (t) => (t.currentDeadline ? formatDateTime(t.currentDeadline) : null) },
  { key: "repliedAt", value: (t) => (t.repliedAt ? formatDateTime(t.repliedAt) : null) },
  { key: "reply", value: (t) => t.reply },
  { key: "closedAt", value: (t) => (t.closedAt ? formatDateTime(t.closedAt) : null) },
];

/** "20260918-1500" in China Standard Time, for the file name. */
function stamp(at: Date): string {
  return formatDateTime(at).replace(/\D/g, "").slice(0, 12).replace(/^(\d{8})(\d{4})$/, "$1-$2");
}

/**
 * GET /tickets/export.csv?<the ticket list's filters>: the tickets the user may see (a department
 * user only their own — listTickets applies the same visibility as every screen), masked, as a
 * CSV streamed page by page. Rows go oldest first so tickets created during the export land after
 * the pages already read instead of shifting them.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db, clock, actor } = requireTicketContext(request, context, TICKET_STAFF_ROLES);
  const { filter } = ticketFilterFromUrl(new URL(request.url));
  const encoder = new TextEncoder();
  let offset = 0;
  let done = false;

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(BOM + csvRow(COLUMNS.map((c) => messages.worklist.csv.columns[c.key]))));
    },
    async pull(controller) {
      if (done) return;
      try {
        const { rows } = await listTickets(db, actor, filter, { offset, limit: EXPORT_PAGE_SIZE }, "oldest");
        offset += rows.length;
        if (rows.length > 0) controller.enqueue(encoder.encode(rows.map((row) => csvRow(COLUMNS.map((c) => c.value(row)))).join("")));
        if (rows.length < EXPORT_PAGE_SIZE) {
          done = true;
          controller.close();
        }
      } catch (error) {
        done = true;
        controller.error(error);
      }
    },
    cancel() {
      done = true;
    },
  });

  const fileName = `${messages.worklist.csv.fileName}-${stamp(clock.now())}.csv`;
  return new Response(stream, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="tickets-${stamp(clock.now())}.csv"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
