import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

/**
 * The Content-Security-Policy (issue 9, security sweep). Scripts run only from our own origin or
 * with the nonce of this very response, so markup that slips through escaping cannot execute.
 *
 * - Every script the app needs is first-party: Remix's hydration scripts carry the nonce, route
 *   chunks and the Twilio Voice SDK are bundled under /assets ('self'). So no 'strict-dynamic'
 *   (which would switch 'self' off and require nonces on every modulepreload link as well).
 * - `style-src 'self'`: stylesheets from our origin only; no `<style>` elements and no style
 *   attributes, so injected markup cannot restyle a page (hide a warning, overlay a fake form).
 *   The app therefore has no React `style={{…}}` props (ESLint refuses them in app/): what they
 *   did is classes in app.css (the one-property utilities at its end included).
 * - The operator softphone (app/components/softphone.tsx) talks to Twilio: signalling over
 *   wss://voice-js.<edge>.twilio.com, call-quality events to https://eventgw.twilio.com, and it
 *   loads its ring tones from https://sdk.twilio.com by XHR and plays them in audio elements
 *   (@twilio/voice-sdk regions.js and constants.js). Call audio itself is WebRTC, which CSP does
 *   not govern.
 */
const TWILIO_CONNECT = ["https://*.twilio.com", "wss://*.twilio.com"];
const TWILIO_SOUNDS = "https://sdk.twilio.com";

export function contentSecurityPolicy(nonce: string): string {
  const directives: Record<string, readonly string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...TWILIO_CONNECT],
    "media-src": ["'self'", TWILIO_SOUNDS],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

/** 128 random bits, base64: a fresh one for every response (CSP Level 3 asks for ≥ 128). */
export function createCspNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * Gives every request its nonce (`res.locals.cspNonce`, handed to Remix through the load context)
 * and sends the policy on every response: pages need it, and on anything else (an attachment
 * opened in the browser, a JSON answer) it costs nothing and forbids script there too.
 *
 * `enforce: false` is for `npm run dev` only: the Vite dev server injects an inline React Refresh
 * preamble and `<style>` elements for hot CSS and opens its HMR WebSocket on another port, none of
 * which this policy allows. The production build (what `npm start`, the tests and the benchmarks
 * serve) always enforces it.
 */
export function contentSecurityPolicyMiddleware({ enforce }: { enforce: boolean }) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const nonce = createCspNonce();
    res.locals.cspNonce = nonce;
    if (enforce) res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
    next();
  };
}

/**
 * For answers that are never a page (the Twilio webhooks' TwiML and plain-text errors): nothing
 * may load, run, frame or be submitted. Fixed, so no nonce is drawn for them.
 */
export const NO_CONTENT_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function noContentSecurityPolicy(_req: Request, res: Response, next: NextFunction) {
  res.setHeader("Content-Security-Policy", NO_CONTENT_POLICY);
  next();
}

/** The nonce the middleware gave this response. */
export function cspNonceOf(res: Response): string {
  return typeof res.locals.cspNonce === "string" ? res.locals.cspNonce : "";
}
