import { normalizePhone, PHONE_PATTERN } from "../phone";

/**
 * Twilio reports numbers in E.164 (+8613800001234); tickets store them as citizens and operators
 * write them (13800001234, 010-12345678 without the hyphen). Chinese numbers lose the +86 so the
 * caller's history matches; a withheld number (Twilio sends "anonymous", "+266696687" or empty)
 * is no number at all.
 */
const WITHHELD = new Set(["", "anonymous", "restricted", "unknown", "+266696687", "+7378742833", "+2562533", "+8656696"]);

export function citizenPhoneFromCaller(raw: string | null | undefined): string | null {
  const value = normalizePhone(raw ?? "");
  if (WITHHELD.has(value.toLowerCase())) return null;
  const national = value.startsWith("+86") ? value.slice(3) : value;
  return PHONE_PATTERN.test(national) ? national : null;
}
