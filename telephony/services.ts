import type { Database } from "~/db/client";
import type { Clock } from "~/domain/clock";
import { type CallControl, createCallControl } from "./call-control";
import { CallEventBus } from "./call-event-bus";
import type { TelephonyConfig } from "./config";
import { webhookUrl } from "./signature";
import { createSmsSender, type SmsSender } from "./sms-sender";
import { loadSimulatorToken } from "./simulator-token";

/** Everything telephony needs at run time, built once at boot. */
export interface TelephonyServices {
  config: TelephonyConfig;
  /** The token webhooks are verified with (and the simulator signs with); null = refuse them all. */
  authToken: string | null;
  /** PUBLIC_URL + path: the address Twilio requests and signs. */
  url(pathAndQuery: string): string;
  calls: CallControl;
  sms: SmsSender;
  bus: CallEventBus;
}

export async function createTelephonyServices(config: TelephonyConfig, publicUrl: URL, db: Database, clock: Clock): Promise<TelephonyServices> {
  const authToken = config.authToken === "simulator" ? await loadSimulatorToken(db, clock.now()) : config.authToken;
  const url = (pathAndQuery: string) => webhookUrl(publicUrl, pathAndQuery);
  return {
    config,
    authToken,
    url,
    calls: createCallControl(config),
    sms: createSmsSender(config, { db, clock, defaultStatusCallbackUrl: url("/telephony/sms/status") }),
    bus: new CallEventBus(),
  };
}
