import type { RequestAuth } from "./auth";
import type { AppServices } from "./services";

/** What every Remix loader and action receives as `context`. */
export interface RequestContext {
  services: AppServices;
  auth: RequestAuth;
  /** The client address (from X-Forwarded-For only when TRUST_PROXY is set). */
  ip: string | null;
  /** This response's Content-Security-Policy nonce (server/csp.ts), for the document's scripts. */
  cspNonce: string;
}

declare module "@remix-run/server-runtime" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends RequestContext {}
}
