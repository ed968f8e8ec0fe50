import { createHash, timingSafeEqual } from "node:crypto";

/** A JSON error for API callers: a stable code for programs and a sentence for people. */
export function jsonProblem(status: number, error: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error, message }, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Checks a presented API key against the configured ones in constant time. Returns a short,
 * non-secret id of the key (for actor labels, logs and rate limits), or null.
 */
export function matchApiKey(keys: readonly string[], given: string | null): string | null {
  if (!given) return null;
  const g = digest(given);
  let found: string | null = null;
  for (const key of keys) {
    if (timingSafeEqual(digest(key), g)) found = key;
  }
  return found === null ? null : digest(found).toString("hex").slice(0, 12);
}
