import { inArray } from "drizzle-orm";
import { insertRows } from "~/db/bulk-insert";
import type { Transaction } from "~/db/client";
import { outbox, type Ticket, tickets } from "~/db/schema";
import { type NewNotification, notifyUsers } from "../notifications";
import { loadStaffDirectory } from "../supervision/recipients";
import type { StaffRole } from "../staff/roles";
import type { CitizenSmsKind, CitizenSmsMessage } from "./citizen-sms";

/** Which ticket actions tell the citizen by SMS, and which tell staff in the app. */
const CITIZEN_SMS_ON: Partial<Record<string, CitizenSmsKind>> = {
  create: "accepted",
  reply: "replied",
  merge: "merged",
  report_rectification: "rectified",
};
const STAFF_NOTICE_ON: Partial<Record<string, { role: StaffRole; leadDepartment: boolean; title: string }>> = {
  dispatch: { role: "department_handler", leadDepartment: true, title: "新派单" },
  keep: { role: "department_handler", leadDepartment: true, title: "退单未获同意，请继续办理" },
  return: { role: "dispatcher", leadDepartment: false, title: "部门退单" },
  request_extension: { role: "supervisor", leadDepartment: false, title: "延期申请待审批" },
  uphold_rating: { role: "department_handler", leadDepartment: true, title: "差评核实属实，请整改" },
};

export interface FollowUpEvent {
  ticketId: number;
  action: string;
  data?: Record<string, unknown> | null;
  at: Date;
}

/**
 * What follows from ticket events, decided in the events' own transaction: an `sms.send` outbox
 * row for the citizen (delivered after commit by the workers, worded at sending time) and in-app
 * notifications for the staff who must act next. Called by appendTicketEvents for every event;
 * `known` are tickets the caller has just written, so they need not be read again. However many
 * events, the writes are one outbox insert and one notifications insert.
 */
export async function queueFollowUps(tx: Transaction, events: readonly FollowUpEvent[], known: readonly Ticket[] = []): Promise<void> {
  const relevant = events.filter((e) => CITIZEN_SMS_ON[e.action] || STAFF_NOTICE_ON[e.action]);
  if (!relevant.length) return;
  const byId = new Map(known.map((t) => [t.id, t]));
  const missing = [...new Set(relevant.map((e) => e.ticketId).filter((id) => !byId.has(id)))];
  const noticeRoles = [...new Set(relevant.flatMap((e) => STAFF_NOTICE_ON[e.action]?.role ?? []))];
  const [read, directory] = await Promise.all([
    missing.length ? tx.select().from(tickets).where(inArray(tickets.id, missing)) : [],
    noticeRoles.length ? loadStaffDirectory(tx, noticeRoles) : null,
  ]);
  for (const ticket of read) byId.set(ticket.id, ticket);

  const sms: (typeof outbox.$inferInsert)[] = [];
  const notices: { at: Date; rows: NewNotification[] }[] = [];
  for (const event of relevant) {
    const ticket = byId.get(event.ticketId);
    if (!ticket) continue;
    const smsKind = CITIZEN_SMS_ON[event.action];
    if (smsKind && ticket.citizenPhone && !ticket.anonymous) {
      const message: CitizenSmsMessage = {
        to: ticket.citizenPhone,
        ticketId: ticket.id,
        kind: smsKind,
        round: ticket.round,
        intoNumber: typeof event.data?.intoTicketNumber === "string" ? event.data.intoTicketNumber : null,
      };
      sms.push({ topic: "sms.send", payload: { ...message }, createdAt: event.at, availableAt: event.at });
    }
    const staffNotice = STAFF_NOTICE_ON[event.action];
    if (!staffNotice || !directory) continue;
    const departmentId = staffNotice.leadDepartment ? ticket.leadDepartmentId : null;
    if (staffNotice.leadDepartment && departmentId === null) continue;
    notices.push({
      at: event.at,
      rows: directory.usersFor(staffNotice.role, departmentId).map((userId) => ({
        userId,
        title: `${staffNotice.title}：${ticket.number}`,
        body: ticket.title,
        link: `/tickets/${ticket.id}`,
      })),
    });
  }
  await Promise.all([insertRows(tx, outbox, sms), ...notices.map((n) => notifyUsers(tx, n.rows, n.at))]);
}
