import { TICKET_STATES, type TicketState } from "~/db/schema";
import type { StaffRole } from "../staff/roles";

export { TICKET_STATES, type TicketState };

/**
 * Each state has one of three types, and code only ever asks for the type: an `open` ticket is
 * being worked on and its deadlines run, a `paused` one has its clock stopped, a `closed` one is
 * finished (directly answered, withdrawn, merged, archived …).
 */
export type StateType = "open" | "paused" | "closed";

export const STATE_TYPES: Record<TicketState, StateType> = {
  accepted: "open", // 已受理: waiting to be dispatched by the centre
  dispatched: "open", // 已派单: waiting for the lead department to sign for it
  signed: "open", // 已签收
  in_progress: "open", // 办理中
  returned: "open", // 已退回: the department said "not ours"; back with the dispatcher
  suspended: "paused", // 已挂起: clock stopped for an allowed reason
  replied: "open", // 已答复: department replied; waiting for the callback (回访) and rating
  rectifying: "open", // 整改中: an upheld bad rating sent back to the department
  revisited: "closed", // 已回访: citizen called back and rated
  closed: "closed", // 已办结: answered at intake (直接办结)
  withdrawn: "closed", // 已撤销
  merged: "closed", // 已合并 into another ticket
  archived: "closed", // 已归档
};

/**
 * States in which a ticket is work for the departments it is assigned to: to sign for, being
 * handled, suspended on their request, or sent back for rectification. Their assignments carry
 * `in_worklist`, which is what department inboxes read.
 */
export const DEPARTMENT_WORKLIST_STATES: readonly TicketState[] = ["dispatched", "signed", "in_progress", "suspended", "rectifying"];

export type TicketAction =
  | "dispatch"
  | "keep"
  | "sign"
  | "start"
  | "reply"
  | "return"
  | "request_extension"
  | "approve_extension"
  | "refuse_extension"
  | "suspend"
  | "resume"
  | "withdraw"
  | "merge"
  | "archive"
  | "rate"
  | "callback_attempt"
  | "uphold_rating"
  | "dismiss_rating"
  | "report_rectification"
  | "close_loop";

/**
 * Who acts: the centre's roles, or the lead department's handler/lead. `citizen` also admits
 * actors with no staff role: the citizen through a channel that has proved who they are (SMS from
 * the ticket's number, a signed link, the call) and the system acting on a rule (a default rating).
 */
type Performer = { roles: readonly StaffRole[]; leadDepartmentOnly?: true; citizen?: true };

const DEPARTMENT: Performer = { roles: ["department_handler", "department_lead"], leadDepartmentOnly: true };

/**
 * The transition table: for each action, the states it may start from, the state it leads to
 * ("same" = the state does not change; the event is still recorded), and who may perform it.
 * Creation is not here: a new ticket starts in `accepted`, or `closed` when answered at intake.
 */
export const TRANSITIONS: Record<TicketAction, { from: readonly TicketState[]; to: TicketState | "same" | readonly (TicketState | "same")[]; by: Performer }> = {
  dispatch: { from: ["accepted", "returned"], to: "dispatched", by: { roles: ["dispatcher"] } },
  keep: { from: ["returned"], to: "dispatched", by: { roles: ["dispatcher"] } },
  sign: { from: ["dispatched"], to: "signed", by: DEPARTMENT },
  start: { from: ["signed"], to: "in_progress", by: DEPARTMENT },
  reply: { from: ["signed", "in_progress"], to: "replied", by: DEPARTMENT },
  return: { from: ["dispatched", "signed"], to: "returned", by: DEPARTMENT },
  request_extension: { from: ["signed", "in_progress"], to: "same", by: DEPARTMENT },
  approve_extension: { from: ["signed", "in_progress", "suspended"], to: "same", by: { roles: ["supervisor"] } },
  refuse_extension: { from: ["signed", "in_progress", "suspended"], to: "same", by: { roles: ["supervisor"] } },
  suspend: { from: ["signed", "in_progress"], to: "suspended", by: DEPARTMENT },
  resume: { from: ["suspended"], to: "in_progress", by: DEPARTMENT },
  withdraw: {
    from: ["accepted", "dispatched", "signed", "in_progress", "returned", "suspended"],
    to: "withdrawn",
    by: { roles: ["operator", "dispatcher", "supervisor"] },
  },
  merge: { from: ["accepted", "returned"], to: "merged", by: { roles: ["dispatcher", "supervisor"] } },
  archive: { from: ["replied", "revisited", "closed", "withdrawn", "merged"], to: "archived", by: { roles: ["supervisor"] } },
  // The rating loop (domain/ratings): a good rating closes the round (已回访); a bad one keeps the
  // ticket replied until a supervisor verifies it: upheld → 整改 by the department, whose report
  // is a new reply to be rated; dismissed → closed with the reason kept.
  rate: { from: ["replied"], to: ["revisited", "same"], by: { roles: ["operator", "supervisor"], citizen: true } },
  callback_attempt: { from: ["replied"], to: "same", by: { roles: ["operator"] } },
  uphold_rating: { from: ["replied"], to: "rectifying", by: { roles: ["supervisor"] } },
  dismiss_rating: { from: ["replied"], to: "revisited", by: { roles: ["supervisor"] } },
  report_rectification: { from: ["rectifying"], to: "replied", by: DEPARTMENT },
  close_loop: { from: ["replied", "rectifying"], to: "revisited", by: { roles: ["supervisor"] } },
};

export const TICKET_ACTIONS = Object.keys(TRANSITIONS) as TicketAction[];

export function isActionAllowedFrom(action: TicketAction, state: TicketState): boolean {
  return TRANSITIONS[action].from.includes(state);
}

/**
 * The state `action` leads to. Actions with several possible outcomes (a rating) name theirs in
 * `chosen`, which must be one the table allows; the first is the default.
 */
export function targetState(action: TicketAction, from: TicketState, chosen?: TicketState | "same"): TicketState {
  const allowed = TRANSITIONS[action].to;
  const options = typeof allowed === "string" ? [allowed] : allowed;
  const to = chosen ?? options[0]!;
  if (!options.includes(to)) throw new Error(`${action} cannot lead to ${to}`);
  return to === "same" ? from : to;
}

/** Whether `actor` is among those who may perform `action` on a ticket led by `leadDepartmentId`. */
export function mayPerform(
  actor: { roles: readonly StaffRole[]; departmentId: number | null },
  action: TicketAction,
  leadDepartmentId: number | null,
): boolean {
  const performer = TRANSITIONS[action].by;
  const byRole = performer.roles.some((r) => actor.roles.includes(r));
  if (!byRole) return performer.citizen === true && actor.roles.length === 0;
  return !performer.leadDepartmentOnly || actor.departmentId === leadDepartmentId;
}
