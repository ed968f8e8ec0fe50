import type { Queryable } from "~/db/client";
import { loadOrCreateSecret } from "~/domain/secrets";

const KEY = "telephony.simulator_auth_token";

/**
 * Without a Twilio account the simulator needs a token to sign with, and the webhooks one to
 * verify. It is random, made on the first start and kept in the settings table, so every process
 * on the same database agrees on it and no fixed, published token opens the webhooks.
 */
export function loadSimulatorToken(db: Queryable, now: Date): Promise<string> {
  return loadOrCreateSecret(db, KEY, now);
}
