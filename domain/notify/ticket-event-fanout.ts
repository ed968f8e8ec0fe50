import { eq } from "drizzle-orm";
import type { Transaction } from "~/db/client";
import { outbox, type Ticket, tickets } from "~/db/schema";
import { notifyUsers } from "../notifications";
import { ratingLinkToken } from "../ratings/rating-link";
import { loadStaffDirectory } from "../supervision/recipients";
import type { StaffRole } from "../staff/roles";
import { type CitizenSmsKind, getCitizenSmsTemplates, renderCitizenSms } from "./citizen-sms";

/** The part of a `ticket.event` outbox row the fan-out reads. */
export interface TicketEventMessage {
  ticketId: number;
  action: string;
  data?: Record<string, unknown> | null;
}

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
 * Turns one ticket event into what follows from it: an `sms.send` outbox row for the citizen and
 * in-app notifications for staff. Runs inside the transaction that marks the event row done, so
 * it happens once even when the dispatcher is retried.
 */
export interface FanOutContext {
  now: Date;
  /** The app's public address, for the links quoted in SMS. */
  publicUrl: URL;
}

export async function fanOutTicketEvent(tx: Transaction, event: TicketEventMessage, context: FanOutContext): Promise<void> {
  const smsKind = CITIZEN_SMS_ON[event.action];
  const staffNotice = STAFF_NOTICE_ON[event.action];
  if (!smsKind && !staffNotice) return;
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, event.ticketId));
  if (!ticket) return;
  if (smsKind && ticket.citizenPhone && !ticket.anonymous) await queueCitizenSms(tx, ticket, smsKind, event, context);
  if (staffNotice) {
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
      context.now,
    );
  }
}

async function queueCitizenSms(tx: Transaction, ticket: Ticket, kind: CitizenSmsKind, event: TicketEventMessage, context: FanOutContext) {
  const templates = await getCitizenSmsTemplates(tx);
  const rateToken = await ratingLinkToken(tx, context.now, ticket.id, ticket.round);
  const body = renderCitizenSms(templates[kind], {
    number: ticket.number,
    queryCode: ticket.queryCode,
    statusUrl: new URL("/status", context.publicUrl).href,
    rateUrl: new URL(`/rate/${rateToken}`, context.publicUrl).href,
    intoNumber: String(event.data?.intoTicketNumber ?? ""),
  });
  await tx.insert(outbox).values({
    topic: "sms.send",
    payload: { to: ticket.citizenPhone, body, ticketId: ticket.id, kind },
    createdAt: context.now,
    availableAt: context.now,
  });
}
