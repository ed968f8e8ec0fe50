import { eq } from "drizzle-orm";
import type { Transaction } from "~/db/client";
import { outbox, tickets } from "~/db/schema";
import { notifyUsers } from "../notifications";
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

/**
 * What follows from a ticket event, decided in the event's own transaction: an `sms.send` outbox
 * row for the citizen (delivered after commit by the workers, worded at sending time) and in-app
 * notifications for the staff who must act next. Called by appendTicketEvent for every event.
 */
export async function queueFollowUps(tx: Transaction, event: { ticketId: number; action: string; data?: Record<string, unknown> | null; at: Date }): Promise<void> {
  const smsKind = CITIZEN_SMS_ON[event.action];
  const staffNotice = STAFF_NOTICE_ON[event.action];
  if (!smsKind && !staffNotice) return;
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, event.ticketId));
  if (!ticket) return;
  if (smsKind && ticket.citizenPhone && !ticket.anonymous) {
    const message: CitizenSmsMessage = {
      to: ticket.citizenPhone,
      ticketId: ticket.id,
      kind: smsKind,
      round: ticket.round,
      intoNumber: typeof event.data?.intoTicketNumber === "string" ? event.data.intoTicketNumber : null,
    };
    await tx.insert(outbox).values({ topic: "sms.send", payload: { ...message }, createdAt: event.at, availableAt: event.at });
  }
  if (!staffNotice) return;
  const departmentId = staffNotice.leadDepartment ? ticket.leadDepartmentId : null;
  if (staffNotice.leadDepartment && departmentId === null) return;
  const directory = await loadStaffDirectory(tx, [staffNotice.role]);
  await notifyUsers(
    tx,
    directory.usersFor(staffNotice.role, departmentId).map((userId) => ({
      userId,
      title: `${staffNotice.title}：${ticket.number}`,
      body: ticket.title,
      link: `/tickets/${ticket.id}`,
    })),
    event.at,
  );
}
