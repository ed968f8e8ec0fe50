import { randomBytes } from "node:crypto";
import twilio from "twilio";
import type { Database } from "~/db/client";
import type { Clock } from "~/domain/clock";
import { isOptedOut, recordOutboundSms } from "~/domain/telephony/sms";
import type { TelephonyConfig } from "./config";

export interface SmsSender {
  readonly simulated: boolean;
  send(message: { to: string; body: string; statusCallbackUrl?: string }): Promise<{ sid: string }>;
}

/** The citizen answered STOP / 退订: not an error to retry. */
export class SmsOptedOutError extends Error {
  constructor(readonly to: string) {
    super(`SMS to ${to} refused: the number has opted out (STOP / 退订)`);
    this.name = "SmsOptedOutError";
  }
}

export interface SmsSenderDeps {
  db: Database;
  clock: Clock;
  /** Where delivery reports go when the caller names none (PUBLIC_URL + /telephony/sms/status). */
  defaultStatusCallbackUrl: string;
}

/**
 * Twilio Messaging with an account; without one, a simulated sender that only records the
 * message (shown in the call simulator) when the simulator is on; otherwise every send throws.
 * Every message sent is written to sms_messages, and opted-out numbers are refused before sending.
 */
export function createSmsSender(config: TelephonyConfig, deps: SmsSenderDeps): SmsSender {
  const client = config.rest ? twilio(config.rest.accountSid, config.rest.authToken) : null;
  const simulated = client === null;
  return {
    simulated,
    async send({ to, body, statusCallbackUrl }) {
      if (await isOptedOut(deps.db, to)) throw new SmsOptedOutError(to);
      if (client) {
        const message = await client.messages.create({ to, from: config.phoneNumber, body, statusCallback: statusCallbackUrl ?? deps.defaultStatusCallbackUrl });
        await recordOutboundSms(deps.db, deps.clock, { sid: message.sid, from: config.phoneNumber, to, body, status: message.status, simulated: false });
        return { sid: message.sid };
      }
      if (!config.simulator) {
        throw new Error("SMS cannot be sent: TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are not set, and the simulator is off (TELEPHONY_SIMULATOR).");
      }
      const sid = `SM${randomBytes(16).toString("hex")}`;
      await recordOutboundSms(deps.db, deps.clock, { sid, from: config.phoneNumber, to, body, status: "sent", simulated: true });
      return { sid };
    },
  };
}
