import type { LoaderFunctionArgs } from "@remix-run/node";
import { messages } from "~/app/i18n";
import { requireTicketContext } from "~/app/tickets.server";
import { listTicketsByPhone } from "~/domain/tickets/queries";
import { normalizePhone, PHONE_PATTERN } from "~/domain/phone";


export interface PhoneHistoryEntry {
  id: number;
  number: string;
  createdAt: string;
  state: string;
  stateLabel: string;
  title: string;
}

export interface PhoneHistory {
  phone: string;
  tickets: PhoneHistoryEntry[];
}

/**
 * GET /intake/history?phone=… → JSON: earlier tickets from that number, newest first, for the
 * operator's intake screen (operators only). A malformed number is a 400 with a message.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db, actor } = requireTicketContext(request, context, ["operator"]);
  const phone = normalizePhone(new URL(request.url).searchParams.get("phone") ?? "");
  if (!PHONE_PATTERN.test(phone)) {
    return Response.json({ error: { message: messages.errors.codes.phone_invalid, field: "phone" } }, { status: 400 });
  }
  const rows = await listTicketsByPhone(db, actor, phone, 10);
  const body: PhoneHistory = {
    phone,
    tickets: rows.map((t) => ({
      id: t.id,
      number: t.number,
      createdAt: t.createdAt.toISOString(),
      state: t.state,
      stateLabel: messages.tickets.states[t.state],
      title: t.title,
    })),
  };
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
}
