import { z } from "zod";
import type { Database } from "~/db/client";
import type { Clock } from "~/domain/clock";
import { fanOutTicketEvent } from "~/domain/notify/ticket-event-fanout";
import { type SmsSender, SmsOptedOutError } from "~/telephony/sms-sender";
import { completeWithin, type OutboxHandler } from "./outbox-dispatcher";

const ticketEventPayload = z.object({
  ticketId: z.number().int().positive(),
  action: z.string().min(1),
  data: z.record(z.unknown()).nullish(),
});

const smsPayload = z.object({
  to: z.string().min(5).max(20),
  body: z.string().min(1).max(1000),
  ticketId: z.number().int().positive().optional(),
});

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
    "ticket.event": async (row) => {
      const event = ticketEventPayload.parse(row.payload);
      await deps.db.transaction(async (tx) => {
        const now = deps.clock.now();
        if (await completeWithin(tx, row.id, now)) await fanOutTicketEvent(tx, event, { now, publicUrl: deps.publicUrl });
      });
    },
    "sms.send": async (row) => {
      const message = smsPayload.parse(row.payload);
      try {
        await deps.sms.send({ to: message.to, body: message.body });
      } catch (error) {
        // The citizen said STOP / 退订: nothing to retry.
        if (error instanceof SmsOptedOutError) return;
        throw error;
      }
    },
  };
}
