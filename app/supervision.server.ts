import type { Queryable } from "~/db/client";
import { listSupervisionLevels } from "~/domain/admin-data/supervision-levels";
import { listSupervisionRecords } from "~/domain/supervision/dashboard";
import { MANUAL_NOTICE_LEVELS, NOTICE_MAX_LENGTH, RESPONSE_MAX_LENGTH } from "~/domain/supervision/notices";
import { awaitsResponse, canAnswerRecord } from "~/domain/supervision/record-access";
import type { TicketActor } from "~/domain/tickets/access";
import type { StaffRole } from "~/domain/staff/roles";
import type { StateType } from "~/domain/tickets/states";

/** Who opens a supervision record: whoever may see one (see domain/supervision/record-access.ts). */
export const RECORD_VIEWER_ROLES: readonly StaffRole[] = ["supervisor", "dispatcher", "department_handler", "department_lead"];

/** A ticket page lists at most this many records; a ticket with more is an exceptional case the dashboard pages through. */
const TICKET_PANEL_LIMIT = 50;

/**
 * What the ticket page's supervision panel shows: the ticket's records the viewer may see, which
 * of them the viewer can answer now, and — for supervisors on a ticket still being worked on —
 * the levels to issue a notice at, with each level's default for "requires an answer".
 */
export async function ticketSupervisionPanel(db: Queryable, viewer: TicketActor, ticket: { id: number; stateType: StateType }) {
  const canIssue = viewer.roles.includes("supervisor") && ticket.stateType !== "closed";
  const [records, levels] = await Promise.all([
    listSupervisionRecords(db, viewer, { ticketId: ticket.id }, { offset: 0, limit: TICKET_PANEL_LIMIT }),
    canIssue ? listSupervisionLevels(db) : Promise.resolve([]),
  ]);
  return {
    records: records.rows.map((r) => ({ ...r, answerable: awaitsResponse(r) && canAnswerRecord(viewer, r) })),
    canIssue,
    limits: { notice: NOTICE_MAX_LENGTH, response: RESPONSE_MAX_LENGTH },
    levels: levels
      .filter((l) => (MANUAL_NOTICE_LEVELS as readonly string[]).includes(l.level))
      .map((l) => ({ level: l.level as (typeof MANUAL_NOTICE_LEVELS)[number], addressee: l.addressee, requiresResponse: l.requiresResponse })),
  };
}
