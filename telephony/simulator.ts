import { randomBytes } from "node:crypto";
import type { TelephonyServices } from "./services";
import { signForm } from "./signature";

/** A Twilio-style SID: two letters and 32 hex digits. */
export const simulatedSid = (prefix: "CA" | "SM" | "RE") => `${prefix}${randomBytes(16).toString("hex")}`;

/**
 * Sends a webhook request the way Twilio does: form-encoded, signed over PUBLIC_URL + path with
 * the account's (or the simulator's) token, but delivered to `deliverTo` (our own loopback
 * address), so it takes exactly the path a real Twilio request takes through the server.
 */
export async function sendSignedWebhook(telephony: TelephonyServices, deliverTo: string, pathAndQuery: string, params: Record<string, string>) {
  if (!telephony.authToken) throw new Error("No Twilio auth token: the simulator cannot sign.");
  const signature = signForm(telephony.authToken, telephony.url(pathAndQuery), params);
  const response = await fetch(new URL(pathAndQuery, deliverTo), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
    body: new URLSearchParams(params),
  });
  return { status: response.status, body: await response.text() };
}
