import { z } from "zod";
import { messages } from "~/app/i18n";
import { assignOperator, recordCallStatus, recordMenuChoice, sendToVoicemail } from "~/domain/telephony/call-log";
import { takeRecording } from "~/domain/telephony/call-tickets";
import { getIvrPrompts, getQueueSettings, type IvrPrompts } from "~/domain/telephony/telephony-settings";
import { rateByCall } from "~/domain/ratings/ivr-rating";
import { findTicketByQueryCode } from "~/domain/tickets/queries";
import { menuChoiceFrom, spellDigits } from "../ivr-input";
import { say, VoiceResponse, type VoiceResponseT } from "../twiml";
import { noContent, type WebhookDeps, type WebhookResult } from "./context";

/** The one queue callers wait in; Twilio creates it on first use. */
export const HOTLINE_QUEUE = "hotline-12345";
const MAX_MENU_TRIES = 2;

const sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9A-Za-z]{10,40}$`));
const phone = z.string().max(40);

export const incomingCallSchema = z.object({ CallSid: sid("CA"), From: phone, To: phone, CallStatus: z.string().min(1).max(20) });
export const menuSchema = z.object({ CallSid: sid("CA"), Digits: z.string().max(40).optional(), SpeechResult: z.string().max(500).optional() });
export const queueWaitSchema = z.object({ CallSid: sid("CA"), QueuePosition: z.coerce.number().int().min(0).default(1), QueueTime: z.coerce.number().int().min(0).default(0) });
export const queueExitSchema = z.object({ CallSid: sid("CA"), QueueResult: z.string().min(1).max(40) });
export const callStatusSchema = incomingCallSchema.extend({ CallDuration: z.coerce.number().int().min(0).optional() });
export const recordingSchema = z.object({
  CallSid: sid("CA"),
  RecordingSid: sid("RE"),
  RecordingUrl: z.string().url(),
  RecordingStatus: z.string().min(1).max(20),
  RecordingDuration: z.coerce.number().int().min(0).optional(),
});

/** The main menu inside a Gather: keypad or speech, in Chinese. */
function gatherMenu(deps: WebhookDeps, twiml: VoiceResponseT, prompts: IvrPrompts, tries: number, preface?: string) {
  const gather = twiml.gather({
    input: ["dtmf", "speech"],
    numDigits: 1,
    timeout: 6,
    speechTimeout: "auto",
    language: prompts.language as never,
    hints: "投诉,求助,咨询,进度,查询,人工",
    action: deps.telephony.url(`/telephony/voice/menu?tries=${tries}`),
    method: "POST",
  });
  if (preface) say(gather, prompts, preface);
  say(gather, prompts, prompts.menu);
  // No input at all: ask again through the menu endpoint, which counts the tries.
  twiml.redirect({ method: "POST" }, deps.telephony.url(`/telephony/voice/menu?tries=${tries}`));
}

/** POST /telephony/voice — a new call: log it, greet, emergency hint, menu. */
export async function handleIncomingCall(deps: WebhookDeps, params: z.output<typeof incomingCallSchema>): Promise<WebhookResult> {
  // Independent: logged and read at once, on two connections.
  const [, prompts] = await Promise.all([
    recordCallStatus(deps.db, deps.clock, { callSid: params.CallSid, from: params.From, to: params.To, status: params.CallStatus }),
    getIvrPrompts(deps.db),
  ]);
  return { twiml: greetingTwiml(deps, prompts) };
}

/**
 * Every new call hears the same greeting until the prompts change, and getIvrPrompts hands out
 * the same object until then: the TwiML is built once per prompts object (and telephony setup)
 * rather than on every call.
 */
const greetings = new WeakMap<IvrPrompts, { telephony: WebhookDeps["telephony"]; twiml: string }>();

function greetingTwiml(deps: WebhookDeps, prompts: IvrPrompts): string {
  const cached = greetings.get(prompts);
  if (cached?.telephony === deps.telephony) return cached.twiml;
  const twiml = new VoiceResponse();
  say(twiml, prompts, prompts.welcome);
  say(twiml, prompts, prompts.emergency);
  gatherMenu(deps, twiml, prompts, 1);
  const text = twiml.toString();
  greetings.set(prompts, { telephony: deps.telephony, twiml: text });
  return text;
}

function enqueue(deps: WebhookDeps, twiml: VoiceResponseT) {
  twiml.enqueue(
    { waitUrl: deps.telephony.url("/telephony/voice/queue-wait"), waitUrlMethod: "POST", action: deps.telephony.url("/telephony/voice/queue-exit"), method: "POST" },
    HOTLINE_QUEUE,
  );
}

/**
 * POST /telephony/voice/menu — the caller's choice (`?step=` walks the ticket-progress questions:
 * ticket number, then query code, then the state read back from the public status query).
 */
export async function handleMenu(deps: WebhookDeps, params: z.output<typeof menuSchema>, query: URLSearchParams): Promise<WebhookResult> {
  const prompts = await getIvrPrompts(deps.db);
  const twiml = new VoiceResponse();
  const step = query.get("step");
  if (step === "progress-number") {
    const number = (params.Digits ?? "").replace(/\D/g, "");
    const gather = twiml.gather({ input: ["dtmf"], finishOnKey: "#", numDigits: 6, timeout: 10, action: deps.telephony.url(`/telephony/voice/menu?step=progress-code&number=${number}`), method: "POST" });
    say(gather, prompts, prompts.askQueryCode);
    twiml.redirect({ method: "POST" }, deps.telephony.url("/telephony/voice/menu?tries=1"));
    return { twiml: twiml.toString() };
  }
  if (step === "progress-code") {
    const ticket = await findTicketByQueryCode(deps.db, query.get("number") ?? "", (params.Digits ?? "").replace(/\D/g, ""));
    const readBack = ticket ? messages.telephony.ivr.ticketState(spellDigits(ticket.number), messages.tickets.states[ticket.state]) : prompts.ticketNotFound;
    if (ticket?.state === "replied") {
      // The caller proved the query code: offer the survey (one rating per call). The ticket id in
      // the action URL cannot be altered, as Twilio signs the URL it posts to.
      const gather = twiml.gather({ input: ["dtmf"], numDigits: 1, timeout: 8, action: deps.telephony.url(`/telephony/voice/menu?step=rate&ticket=${ticket.id}`), method: "POST" });
      say(gather, prompts, readBack);
      say(gather, prompts, prompts.askRating);
      twiml.redirect({ method: "POST" }, deps.telephony.url("/telephony/voice/menu?tries=1"));
      return { twiml: twiml.toString() };
    }
    gatherMenu(deps, twiml, prompts, 1, readBack);
    return { twiml: twiml.toString() };
  }
  if (step === "rate") {
    const level = Number((params.Digits ?? "").replace(/\D/g, ""));
    const ticketId = Number(query.get("ticket"));
    const rated = Number.isInteger(ticketId) && ticketId > 0 && level >= 1 && level <= 5 ? await rateByCall(deps, { callSid: params.CallSid, ticketId, level }) : false;
    gatherMenu(deps, twiml, prompts, 1, rated ? prompts.ratingThanks : prompts.noInput);
    return { twiml: twiml.toString() };
  }

  const tries = Number(query.get("tries") ?? "1") || 1;
  const choice = menuChoiceFrom(params.Digits, params.SpeechResult) ?? (tries > MAX_MENU_TRIES ? "operator" : null);
  if (choice === null) {
    gatherMenu(deps, twiml, prompts, tries + 1, prompts.noInput);
    return { twiml: twiml.toString() };
  }
  await recordMenuChoice(deps.db, deps.clock, params.CallSid, choice, choice !== "progress");
  if (choice === "progress") {
    const gather = twiml.gather({ input: ["dtmf"], finishOnKey: "#", numDigits: 24, timeout: 10, action: deps.telephony.url("/telephony/voice/menu?step=progress-number"), method: "POST" });
    say(gather, prompts, prompts.askTicketNumber);
    twiml.redirect({ method: "POST" }, deps.telephony.url("/telephony/voice/menu?tries=1"));
  } else {
    enqueue(deps, twiml);
  }
  return { twiml: twiml.toString() };
}

/**
 * POST /telephony/voice/queue-wait — Twilio's waitUrl, requested again while the caller waits:
 * put them through to a free operator, offer voicemail after the configured wait, or tell them
 * their position.
 */
export async function handleQueueWait(deps: WebhookDeps, params: z.output<typeof queueWaitSchema>): Promise<WebhookResult> {
  const prompts = await getIvrPrompts(deps.db);
  const twiml = new VoiceResponse();
  const assigned = await assignOperator(deps.db, deps.clock, params.CallSid);
  if (assigned) {
    if (assigned.isNew) {
      deps.telephony.bus.notifyOperator(assigned.operatorId);
      await deps.telephony.calls.connectToOperator(params.CallSid, assigned.operatorId, deps.telephony.url("/telephony/voice/recording"));
    }
    say(twiml, prompts, prompts.connecting);
    twiml.pause({ length: 5 });
    return { twiml: twiml.toString() };
  }
  const { voicemailAfterSeconds } = await getQueueSettings(deps.db);
  if (params.QueueTime >= voicemailAfterSeconds) {
    twiml.leave();
    return { twiml: twiml.toString() };
  }
  say(twiml, prompts, prompts.queuePosition.replace("{position}", String(Math.max(params.QueuePosition, 1))));
  say(twiml, prompts, prompts.queueHold);
  twiml.pause({ length: 10 });
  return { twiml: twiml.toString() };
}

/** Record the caller's message; the recording callback turns it into a ticket. */
export function voicemailTwiml(deps: Pick<WebhookDeps, "telephony">, prompts: Pick<IvrPrompts, "voice" | "language">, text: string, recordingQuery = "") {
  const twiml = new VoiceResponse();
  say(twiml, prompts, text);
  twiml.record({
    action: deps.telephony.url("/telephony/voice/voicemail"),
    method: "POST",
    maxLength: 120,
    finishOnKey: "#",
    playBeep: true,
    recordingStatusCallback: deps.telephony.url(`/telephony/voice/recording${recordingQuery}`),
    recordingStatusCallbackMethod: "POST",
    recordingStatusCallbackEvent: ["completed"],
  });
  twiml.hangup();
  return twiml.toString();
}

/** Queue results after which the caller is still on the line and nobody answered. */
const UNANSWERED_RESULTS = new Set(["leave", "queue-full", "error", "system-error"]);

/** POST /telephony/voice/queue-exit — the Enqueue action: the caller left the queue. */
export async function handleQueueExit(deps: WebhookDeps, params: z.output<typeof queueExitSchema>): Promise<WebhookResult> {
  if (UNANSWERED_RESULTS.has(params.QueueResult) && (await sendToVoicemail(deps.db, deps.clock, params.CallSid))) {
    const prompts = await getIvrPrompts(deps.db);
    return { twiml: voicemailTwiml(deps, prompts, prompts.voicemail) };
  }
  const twiml = new VoiceResponse();
  twiml.hangup();
  return { twiml: twiml.toString() };
}

/** POST /telephony/voice/voicemail — the Record action: thank the caller and hang up. */
export async function handleVoicemailDone(deps: WebhookDeps): Promise<WebhookResult> {
  const prompts = await getIvrPrompts(deps.db);
  const twiml = new VoiceResponse();
  say(twiml, prompts, prompts.voicemailThanks);
  twiml.hangup();
  return { twiml: twiml.toString() };
}

/** POST /telephony/voice/status — status callbacks, in any order, any number of times. */
export async function handleCallStatus(deps: WebhookDeps, params: z.output<typeof callStatusSchema>): Promise<WebhookResult> {
  await recordCallStatus(deps.db, deps.clock, {
    callSid: params.CallSid,
    from: params.From,
    to: params.To,
    status: params.CallStatus,
    durationSeconds: params.CallDuration ?? null,
  });
  return noContent;
}

/**
 * POST /telephony/voice/recording — recording status callback. A voicemail left through the
 * fallback URL (`?fallback=1&from=…`) may belong to a call our database never saw: it is logged
 * first so the message still becomes a ticket.
 */
export async function handleRecording(deps: WebhookDeps, params: z.output<typeof recordingSchema>, query: URLSearchParams): Promise<WebhookResult> {
  if (query.get("fallback") === "1") {
    await recordCallStatus(deps.db, deps.clock, { callSid: params.CallSid, from: query.get("from") ?? "", to: query.get("to") ?? "", status: "in-progress" });
    await sendToVoicemail(deps.db, deps.clock, params.CallSid);
  }
  await takeRecording(deps.db, deps.clock, {
    callSid: params.CallSid,
    recordingSid: params.RecordingSid,
    url: params.RecordingUrl,
    status: params.RecordingStatus,
    durationSeconds: params.RecordingDuration ?? null,
  });
  return noContent;
}
