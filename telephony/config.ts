import { z } from "zod";

/**
 * The Twilio part of the environment (spread into server/config.ts). Every value is optional:
 * without an account the built-in simulator drives the same webhooks.
 */
export const telephonyEnvShape = {
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, { message: "must be an Account SID (AC followed by 32 hex digits)" }).optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16, { message: "must be the account's Auth Token (32 characters)" }).optional(),
  TWILIO_PHONE_NUMBER: z.string().regex(/^\+\d{6,15}$/, { message: "must be an E.164 number such as +8610012345" }).optional(),
  TWILIO_API_KEY: z.string().regex(/^SK[0-9a-fA-F]{32}$/, { message: "must be an API Key SID (SK followed by 32 hex digits)" }).optional(),
  TWILIO_API_SECRET: z.string().min(16).optional(),
  TWILIO_TWIML_APP_SID: z.string().regex(/^AP[0-9a-fA-F]{32}$/, { message: "must be a TwiML App SID (AP followed by 32 hex digits)" }).optional(),
  TELEPHONY_SIMULATOR: z.enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" }).optional(),
};

type TelephonyEnv = { [K in keyof typeof telephonyEnvShape]?: z.output<(typeof telephonyEnvShape)[K]> };

export interface TelephonyConfig {
  /**
   * The token webhooks are signed with. Null when none is configured and the simulator is off
   * (always so in production without TWILIO_AUTH_TOKEN): every webhook then answers 403.
   * "simulator" = generate and keep a token of our own (see telephony/simulator-token.ts).
   */
  authToken: string | "simulator" | null;
  /** REST API (call control, SMS): only with a real account. */
  rest: { accountSid: string; authToken: string } | null;
  /** The hotline's Twilio number: SMS sender and the To of simulated calls. */
  phoneNumber: string;
  /** Browser softphone through Voice SDK access tokens, when all three are set. */
  softphone: { apiKey: string; apiSecret: string; twimlAppSid: string } | null;
  /** The call simulator (and the simulated SMS sender) are available. Default: outside production. */
  simulator: boolean;
  /** Why the webhooks refuse everything, for the log at start; null when they work. */
  problem: string | null;
}

const SIMULATED_NUMBER = "+8612345";

export function telephonyConfigFrom(env: TelephonyEnv, production: boolean): TelephonyConfig {
  const simulator = env.TELEPHONY_SIMULATOR === undefined ? !production : ["true", "1", "yes"].includes(env.TELEPHONY_SIMULATOR);
  const realToken = env.TWILIO_AUTH_TOKEN ?? null;
  const authToken = realToken ?? (simulator ? "simulator" : null);
  return {
    authToken,
    rest: env.TWILIO_ACCOUNT_SID && realToken ? { accountSid: env.TWILIO_ACCOUNT_SID, authToken: realToken } : null,
    phoneNumber: env.TWILIO_PHONE_NUMBER ?? SIMULATED_NUMBER,
    softphone:
      env.TWILIO_API_KEY && env.TWILIO_API_SECRET && env.TWILIO_TWIML_APP_SID
        ? { apiKey: env.TWILIO_API_KEY, apiSecret: env.TWILIO_API_SECRET, twimlAppSid: env.TWILIO_TWIML_APP_SID }
        : null,
    simulator,
    problem: authToken
      ? null
      : "TWILIO_AUTH_TOKEN is not set and the simulator is off: every /telephony/* webhook answers 403 until it is set.",
  };
}
