import type { Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, contentSecurityPolicyMiddleware, cspNonceOf } from "./csp";

/** Just enough of an Express response for the middleware. */
function fakeResponse() {
  const headers = new Map<string, string>();
  const res = { locals: {}, setHeader: (name: string, value: string) => headers.set(name.toLowerCase(), value) } as unknown as Response;
  return { res, headers };
}

describe("content-security policy middleware", () => {
  it("gives each response a fresh 128-bit nonce and names it in the enforced policy", () => {
    const middleware = contentSecurityPolicyMiddleware({ enforce: true });
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const { res, headers } = fakeResponse();
      middleware({} as Request, res, () => {});
      const nonce = cspNonceOf(res);
      expect(Buffer.from(nonce, "base64")).toHaveLength(16);
      expect(headers.get("content-security-policy")).toBe(contentSecurityPolicy(nonce));
      seen.add(nonce);
    }
    expect(seen.size).toBe(50);
  });

  it("sends no policy under the Vite dev server, but still hands out a nonce", () => {
    const { res, headers } = fakeResponse();
    contentSecurityPolicyMiddleware({ enforce: false })({} as Request, res, () => {});
    expect(headers.has("content-security-policy")).toBe(false);
    expect(cspNonceOf(res)).not.toBe("");
  });

  it("allows scripts only from our origin or with the nonce, and the softphone's Twilio origins", () => {
    const policy = contentSecurityPolicy("abc");
    expect(policy).toContain("script-src 'self' 'nonce-abc';");
    expect(policy).toContain("connect-src 'self' https://*.twilio.com wss://*.twilio.com;");
    expect(policy).not.toMatch(/unsafe-eval|unsafe-inline|strict-dynamic/);
  });
});
