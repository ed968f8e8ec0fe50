import { z } from "zod";
import { messages } from "~/app/i18n";
import {
  applySmsStatus,
  getTicketStateForPhone,
  optInToSms,
  optOutOfSms,
  recordInboundSms,
} from "~/domain/telephony/sms";
import { rateBySms } from "~/domain/ratings/sms-rating";
import { MessagingResponse } from "../twiml";
import { noContent, type WebhookDeps, type WebhookResult } from "./context";

const sid = z.string().regex(/^(SM|MM)[0-9A-Za-z]{10,40}$/);

export const inboundSmsSchema = z.object({ MessageSid: sid, From: z.string().min(1).max(40), To: z.string().min(1).max(40), Body: z.string().max(1600) });
export const smsStatusSchema = z.object({ MessageSid: sid, MessageStatus: z.string().min(1).max(20), ErrorCode: z.string().max(10).optional() });

/** Carrier-standard opt-out words plus the Chinese 退订 (TD is its common abbreviation). */
const STOP_WORDS = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "退订", "TD"]);
const START_WORDS = new Set(["START", "UNSTOP", "订阅"]);

function reply(text: string | null): WebhookResult {
  const twiml = new MessagingResponse();
  if (text) twiml.message(text);
  return { twiml: twiml.toString() };
}

/**
 * POST /telephony/sms — an inbound text: 退订/STOP and START, a rating 1–5 of the latest reply,
 * or a ticket number for its state; anything else gets the help text. A message Twilio delivers
 * twice is answered once.
 */
export async function handleInboundSms(deps: WebhookDeps, params: z.output<typeof inboundSmsSchema>): Promise<WebhookResult> {
  const t = messages.telephony.sms;
  const fresh = await recordInboundSms(deps.db, deps.clock, { sid: params.MessageSid, from: params.From, to: params.To, body: params.Body, simulated: false });
  if (!fresh) return reply(null);
  const text = params.Body.trim();
  const word = text.toUpperCase();
  if (STOP_WORDS.has(word)) {
    await optOutOfSms(deps.db, deps.clock, params.From, text);
    return reply(t.optedOut);
  }
  if (START_WORDS.has(word)) {
    await optInToSms(deps.db, params.From);
    return reply(t.optedIn);
  }
  if (/^[1-5]$/.test(text)) {
    const rated = await rateBySms(deps, { sid: params.MessageSid, from: params.From, level: Number(text) });
    return reply(rated ? t.rated(rated.ticketNumber) : t.nothingToRate);
  }
  if (/^[A-Za-z0-9-]{8,24}$/.test(text)) {
    const ticket = await getTicketStateForPhone(deps.db, word, params.From);
    return reply(ticket ? t.ticketState(ticket.number, messages.tickets.states[ticket.state]) : t.ticketNotFound);
  }
  return reply(t.help);
}

/** POST /telephony/sms/status — delivery reports for messages we sent. */
export async function handleSmsStatus(deps: WebhookDeps, params: z.output<typeof smsStatusSchema>): Promise<WebhookResult> {
  await applySmsStatus(deps.db, deps.clock, { sid: params.MessageSid, status: params.MessageStatus, errorCode: params.ErrorCode ?? null });
  return noContent;
}
