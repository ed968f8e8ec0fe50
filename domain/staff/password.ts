import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { invalidInput } from "../errors";

/**
 * Passwords are hashed with scrypt, a memory-hard KDF built into Node (no native addon to
 * install). Parameters are stored with each hash so they can be raised later without
 * invalidating existing ones. N=2^15, r=8 costs 32 MiB and roughly 100 ms per hash here.
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize("NFKC"),
      salt,
      KEY_LENGTH,
      { ...params, maxmem: 256 * params.N * params.r },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, expected] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !expected) return false;
  const expectedKey = Buffer.from(expected, "base64");
  const key = await derive(password, Buffer.from(salt, "base64"), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expectedKey.length && timingSafeEqual(key, expectedKey);
}

/** A hash of a random password, verified against when the username does not exist, so that
 * a failed sign-in takes as long for an unknown user as for a known one. */
let decoyHash: Promise<string> | undefined;
export function getDecoyHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return decoyHash;
}

export function assertAcceptablePassword(password: string, field = "password"): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw invalidInput("password_too_short", field, { min: PASSWORD_MIN_LENGTH });
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw invalidInput("password_too_long", field, { max: PASSWORD_MAX_LENGTH });
  }
  if (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password)) {
    throw invalidInput("password_needs_letters_and_digits", field);
  }
}
