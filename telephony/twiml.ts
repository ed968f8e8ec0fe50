import twilio from "twilio";
import type { IvrPrompts } from "~/domain/telephony/telephony-settings";

export const { VoiceResponse, MessagingResponse } = twilio.twiml;
export type VoiceResponseT = InstanceType<typeof VoiceResponse>;

/** Every <Say> speaks in the administrator's voice and language (Chinese by default). */
export function say(node: { say: VoiceResponseT["say"] }, prompts: Pick<IvrPrompts, "voice" | "language">, text: string) {
  node.say({ voice: prompts.voice as never, language: prompts.language as never }, text);
}

export const TWIML_CONTENT_TYPE = "text/xml; charset=utf-8";
