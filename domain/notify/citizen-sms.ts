import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "~/db/client";
import { tickets } from "~/db/schema";
import { ratingLinkToken } from "../ratings/rating-link";
import { getSetting } from "../settings";

/**
 * What citizens are told by SMS at each step. Administrators edit the wording (settings key
 * below); placeholders: {number} {queryCode} {statusUrl} {rateUrl} {intoNumber}.
 */
export const CITIZEN_SMS_SETTING = "notifications.citizen_sms";

export const citizenSmsTemplatesSchema = z.object({
  accepted: z.string().min(5).max(300),
  replied: z.string().min(5).max(300),
  merged: z.string().min(5).max(300),
  rectified: z.string().min(5).max(300),
});
export type CitizenSmsTemplates = z.infer<typeof citizenSmsTemplatesSchema>;
export type CitizenSmsKind = keyof CitizenSmsTemplates;

export const DEFAULT_CITIZEN_SMS: CitizenSmsTemplates = {
  accepted: "【12345热线】您反映的问题已受理，工单号{number}，查询码{queryCode}，可在{statusUrl}查询办理进度。",
  replied: "【12345热线】您的工单{number}已答复，详情见{statusUrl}。请回复数字1-5评价办理结果（5非常满意，1非常不满意），或在{rateUrl}评价。",
  merged: "【12345热线】您反映的问题与工单{intoNumber}为同一事项，已合并办理，办理结果将一并告知。",
  rectified: "【12345热线】您的工单{number}已整改并重新答复，详情见{statusUrl}。请回复数字1-5再次评价，或在{rateUrl}评价。",
};

export async function getCitizenSmsTemplates(db: Queryable): Promise<CitizenSmsTemplates> {
  return getSetting(db, CITIZEN_SMS_SETTING, citizenSmsTemplatesSchema, DEFAULT_CITIZEN_SMS);
}

export function renderCitizenSms(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** An `sms.send` outbox row: whom to tell what about which ticket (worded when it is sent). */
export const citizenSmsMessageSchema = z.object({
  to: z.string().min(5).max(20),
  ticketId: z.number().int().positive(),
  kind: z.enum(["accepted", "replied", "merged", "rectified"]),
  round: z.number().int().min(0),
  intoNumber: z.string().nullable(),
});
export type CitizenSmsMessage = z.infer<typeof citizenSmsMessageSchema>;

/**
 * The text of a queued citizen SMS, with the current templates and links: the status page, and a
 * rating link for the round the message is about. Null when the ticket no longer exists.
 */
export async function composeCitizenSms(db: Queryable, message: CitizenSmsMessage, context: { now: Date; publicUrl: URL }): Promise<string | null> {
  const [ticket] = await db.select({ number: tickets.number, queryCode: tickets.queryCode }).from(tickets).where(eq(tickets.id, message.ticketId));
  if (!ticket) return null;
  const templates = await getCitizenSmsTemplates(db);
  const rateToken = await ratingLinkToken(db, context.now, message.ticketId, message.round);
  return renderCitizenSms(templates[message.kind], {
    number: ticket.number,
    queryCode: ticket.queryCode,
    statusUrl: new URL("/status", context.publicUrl).href,
    rateUrl: new URL(`/rate/${rateToken}`, context.publicUrl).href,
    intoNumber: message.intoNumber ?? "",
  });
}
