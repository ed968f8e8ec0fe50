import { eq, isNull, type SQL, sql } from "drizzle-orm";
import { type SupervisionRecord, supervisionRecords } from "~/db/schema";
import { isDepartmentActor, type TicketActor } from "../tickets/access";

type Viewer = Pick<TicketActor, "roles" | "departmentId">;

/**
 * Who sees which supervision records: supervisors all of them; a department's handlers and lead
 * the records addressed to their unit; dispatchers the centre's own (dispatch-deadline) records,
 * which carry no department. Everyone else none.
 */
export function recordVisibility(viewer: Viewer): SQL {
  if (viewer.roles.includes("supervisor")) return sql`true`;
  if (isDepartmentActor(viewer)) return eq(supervisionRecords.departmentId, viewer.departmentId);
  if (viewer.roles.includes("dispatcher")) return isNull(supervisionRecords.departmentId);
  return sql`false`;
}

export function canSeeRecord(viewer: Viewer, record: Pick<SupervisionRecord, "departmentId">): boolean {
  if (viewer.roles.includes("supervisor")) return true;
  if (isDepartmentActor(viewer)) return record.departmentId === viewer.departmentId;
  return viewer.roles.includes("dispatcher") && record.departmentId === null;
}

/**
 * Who answers a notice: the unit it is addressed to — that department's handler or lead — or,
 * for the centre's own dispatch deadline, its dispatchers and supervisors. A supervisor reading a
 * department's notice does not answer for the department.
 */
export function canAnswerRecord(viewer: Viewer, record: Pick<SupervisionRecord, "departmentId">): boolean {
  if (record.departmentId === null) return viewer.roles.includes("dispatcher") || viewer.roles.includes("supervisor");
  return isDepartmentActor(viewer) && viewer.departmentId === record.departmentId;
}

/** Whether a record still waits for its answer. */
export function awaitsResponse(record: Pick<SupervisionRecord, "requiresResponse" | "respondedAt">): boolean {
  return record.requiresResponse && record.respondedAt === null;
}
