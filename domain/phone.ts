/**
 * What a citizen's phone number may look like once spaces and hyphens are removed: an optional
 * + and 5–15 digits (landlines with area codes, mobiles, short service numbers). Shared by ticket
 * creation and the operator's history lookup; no imports, so pages may use it too.
 */
export const PHONE_PATTERN = /^\+?\d{5,15}$/;

export function normalizePhone(raw: string): string {
  return raw.trim().replace(/[\s-]/g, "");
}
