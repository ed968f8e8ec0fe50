import type { Database } from "~/db/client";
import type { Clock } from "~/domain/clock";
import type { TelephonyServices } from "../services";

export interface WebhookDeps {
  db: Database;
  clock: Clock;
  telephony: TelephonyServices;
}

/** What a webhook answers: TwiML, or 204 for callbacks that only report. */
export type WebhookResult = { twiml: string } | { noContent: true };

export const noContent: WebhookResult = { noContent: true };
