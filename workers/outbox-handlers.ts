import type { Database } from "~/db/client";
import type { Clock } from "~/domain/clock";
import { citizenSmsMessageSchema, composeCitizenSms } from "~/domain/notify/citizen-sms";
import { type SmsSender, SmsOptedOutError } from "~/telephony/sms-sender";
import type { OutboxHandler } from "./outbox-dispatcher";

export interface OutboxHandlerDeps {
  db: Database;
  clock: Clock;
  sms: SmsSender;
  /** The app's public address, for the links quoted in SMS. */
  publicUrl: URL;
}

/** The topics the outbox dispatcher understands (search rows have their own job). */
export function outboxHandlers(deps: OutboxHandlerDeps): Record<string, OutboxHandler> {
  return {
    "sms.send": async (row) => {
      const message = citizenSmsMessageSchema.parse(row.payload);
      const body = await composeCitizenSms(deps.db, message, { now: deps.clock.now(), publicUrl: deps.publicUrl });
      if (body === null) return;
      try {
        await deps.sms.send({ to: message.to, body });
      } catch (error) {
        // The citizen said STOP / 退订: nothing to retry.
        if (error instanceof SmsOptedOutError) return;
        throw error;
      }
    },
  };
}
