import { z } from "zod";
import { DEFAULT_IVR_PROMPTS } from "~/domain/telephony/telephony-settings";
import type { WebhookDeps, WebhookResult } from "./context";
import { voicemailTwiml } from "./voice";

export const fallbackSchema = z.object({ CallSid: z.string().max(64).optional(), From: z.string().max(40).optional(), To: z.string().max(40).optional() });

/**
 * POST /telephony/voice/fallback — Twilio's Fallback URL, requested when our other voice
 * webhooks failed. It must work when nothing else does, so it touches no database: built-in
 * words, then voicemail whose recording callback carries the caller's number so the message
 * becomes a ticket once the database is back.
 */
export function handleFallback(deps: Pick<WebhookDeps, "telephony">, params: z.output<typeof fallbackSchema>): WebhookResult {
  const query = new URLSearchParams({ fallback: "1", from: params.From ?? "", to: params.To ?? "" });
  return { twiml: voicemailTwiml(deps, DEFAULT_IVR_PROMPTS, DEFAULT_IVR_PROMPTS.apology, `?${query}`) };
}
