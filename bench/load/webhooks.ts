import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { signForm } from "~/telephony/signature";
import { expectStatus, FORM_TYPE, formBody, running, timed, type Traffic } from "./traffic";

/** The auth token the server under load is given, so the bench can sign as Twilio signs. */
export const TWILIO_TOKEN = randomBytes(16).toString("hex");
/**
 * Twilio signs over the public URL; the server's PUBLIC_URL defaults to http://localhost:$PORT,
 * and PORT=0 (any free port) makes that http://localhost:0.
 */
const SIGNED_BASE = "http://localhost:0";

let calls = 0;

/**
 * Calls arrive in bursts: every `everySeconds`, `size` calls at once, each an incoming-call
 * webhook (ringing: call log upsert, IVR TwiML) followed by its status callback (completed).
 */
export function twilioBursts(traffic: Traffic, { size, everySeconds }: { size: number; everySeconds: number }): () => Promise<void> {
  return async () => {
    while (running(traffic)) {
      const started = performance.now();
      await Promise.all(Array.from({ length: size }, () => call(traffic)));
      await sleep(Math.max(0, Math.min(everySeconds * 1000 - (performance.now() - started), traffic.until - performance.now())));
    }
  };
}

async function call(traffic: Traffic) {
  const base = { CallSid: `CA${randomBytes(16).toString("hex")}`, From: `+86139${String(++calls).padStart(8, "0")}`, To: "+8612345", AccountSid: "ACloadbench" };
  const ringing = await webhook(traffic, "Twilio: POST /telephony/voice", "/telephony/voice", { ...base, CallStatus: "ringing" }, 200);
  if (ringing) await webhook(traffic, "Twilio: POST /telephony/voice/status", "/telephony/voice/status", { ...base, CallStatus: "completed", CallDuration: "42" }, 204);
}

function webhook(traffic: Traffic, trafficClass: string, path: string, params: Record<string, string>, status: number) {
  const headers = { "content-type": FORM_TYPE, "x-twilio-signature": signForm(TWILIO_TOKEN, `${SIGNED_BASE}${path}`, params) };
  return timed(traffic, trafficClass, "POST", path, { headers, body: formBody(params) }, expectStatus(status));
}
