import twilio from "twilio";

/**
 * The URL Twilio requested, as Twilio saw it: our public address (PUBLIC_URL, credentials and
 * port included, any path prefix kept) plus the path and query the request arrived with. Never
 * the Host header or the proxy's address: behind a proxy those differ from what Twilio signed.
 */
export function webhookUrl(publicUrl: URL, pathAndQuery: string): string {
  const credentials = publicUrl.username ? `${publicUrl.username}${publicUrl.password ? `:${publicUrl.password}` : ""}@` : "";
  const prefix = publicUrl.pathname.replace(/\/+$/, "");
  return `${publicUrl.protocol}//${credentials}${publicUrl.host}${prefix}${pathAndQuery}`;
}

/** Form parameters as the twilio validator wants them: repeated keys become arrays. */
export function formParams(body: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const seen = params[key];
    params[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return params;
}

/**
 * Checks X-Twilio-Signature with the twilio library's validator, which also tries the URL with
 * and without the default port. A URL carrying `bodySHA256` means a JSON body: the signature
 * covers the URL only and the body must hash to that value.
 */
export function isSignedByTwilio(authToken: string | null, request: { url: string; signature: string | undefined; rawBody: string }): boolean {
  if (!authToken || !request.signature) return false;
  if (hasBodyHash(request.url)) return twilio.validateRequestWithBody(authToken, request.signature, request.url, request.rawBody);
  return twilio.validateRequest(authToken, request.signature, request.url, formParams(request.rawBody));
}

function hasBodyHash(url: string): boolean {
  try {
    return new URL(url).searchParams.has("bodySHA256");
  } catch {
    return false;
  }
}

/** Signs a form request exactly as Twilio does (the simulator, tests and the benchmark use this). */
export function signForm(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}
