import { dayRange, oneOf, positiveId } from "~/app/query-params.server";
import {
  REQUEST_TYPES,
  type RequestType,
  TICKET_CHANNELS,
  TICKET_STATES,
  type TicketChannel,
  type TicketState,
  URGENCIES,
  type Urgency,
} from "~/db/schema";
import type { TicketListFilter } from "~/domain/tickets/queries";

/** The filter form's field names; the CSV export reads the same query string. */
export interface TicketFilterParams {
  state: string;
  type: string;
  urgency: string;
  channel: string;
  category: string;
  department: string;
  q: string;
  from: string;
  to: string;
}

/**
 * Reads the ticket filters from a URL (list page and CSV export). Unknown or malformed values are
 * ignored rather than refused; `params` echoes back the values that were used.
 */
export function ticketFilterFromUrl(url: URL): { filter: TicketListFilter; params: TicketFilterParams } {
  const get = (name: string) => url.searchParams.get(name);
  const state = oneOf<TicketState>(TICKET_STATES, get("state"));
  const requestType = oneOf<RequestType>(REQUEST_TYPES, get("type"));
  const urgency = oneOf<Urgency>(URGENCIES, get("urgency"));
  const channel = oneOf<TicketChannel>(TICKET_CHANNELS, get("channel"));
  const categoryId = positiveId(get("category"));
  const departmentId = positiveId(get("department"));
  const text = get("q")?.trim().slice(0, 100) || undefined;
  const created = dayRange(get("from"), get("to"));
  return {
    filter: {
      states: state ? [state] : undefined,
      requestType,
      urgency,
      channel,
      categoryId,
      departmentId,
      text,
      createdFrom: created.from,
      createdTo: created.toExclusive,
    },
    params: {
      state: state ?? "",
      type: requestType ?? "",
      urgency: urgency ?? "",
      channel: channel ?? "",
      category: categoryId ? String(categoryId) : "",
      department: departmentId ? String(departmentId) : "",
      q: text ?? "",
      from: created.fromText,
      to: created.toText,
    },
  };
}

