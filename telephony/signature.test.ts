import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isSignedByTwilio, webhookUrl } from "./signature";

/** Twilio's own validation vectors (../shared/data, not copied into this repository). */
const VECTORS_PATH = path.resolve("../shared/data/twilio/signature-vectors.json");
interface Vector {
  name: string;
  token: string;
  url: string;
  params: Record<string, string | string[]>;
  signature: string;
  body?: string;
}
const vectors: Vector[] = existsSync(VECTORS_PATH) ? (JSON.parse(readFileSync(VECTORS_PATH, "utf8")) as { vectors: Vector[] }).vectors : [];
if (!vectors.length) console.warn(`Skipping the Twilio signature vectors: ${VECTORS_PATH} is absent (../shared/data is not beside the project).`);

/** Splits a vector's URL into what we configure (PUBLIC_URL) and what the request line carries. */
function asRequest(url: string) {
  const match = /^(\w+:\/\/[^/]+)(\/.*)$/.exec(url)!;
  return { publicUrl: new URL(match[1]!), pathAndQuery: match[2]! };
}

function formBody(params: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  return body.toString();
}

describe.skipIf(!vectors.length)("X-Twilio-Signature through our URL reconstruction", () => {
  it("has the 12 vectors", () => expect(vectors).toHaveLength(12));

  it.each(vectors.map((v) => [v.name, v] as const))("%s", (_name, vector) => {
    const { publicUrl, pathAndQuery } = asRequest(vector.url);
    const url = webhookUrl(publicUrl, pathAndQuery);
    const rawBody = vector.body ?? formBody(vector.params);
    expect(isSignedByTwilio(vector.token, { url, signature: vector.signature, rawBody })).toBe(true);
    // The same request with another token, another signature, or replayed to another path fails.
    expect(isSignedByTwilio("another-token-0123456789", { url, signature: vector.signature, rawBody })).toBe(false);
    expect(isSignedByTwilio(vector.token, { url, signature: "AAAA" + vector.signature.slice(4), rawBody })).toBe(false);
    expect(isSignedByTwilio(vector.token, { url: webhookUrl(publicUrl, pathAndQuery.replace("myapp", "other")), signature: vector.signature, rawBody })).toBe(false);
  });

  it("rejects a JSON body that does not match its bodySHA256", () => {
    const vector = vectors.find((v) => v.body)!;
    const { publicUrl, pathAndQuery } = asRequest(vector.url);
    expect(isSignedByTwilio(vector.token, { url: webhookUrl(publicUrl, pathAndQuery), signature: vector.signature, rawBody: '{"property": "tampered"}' })).toBe(false);
  });
});

describe("webhookUrl", () => {
  it("keeps credentials, a non-default port and a path prefix of PUBLIC_URL", () => {
    expect(webhookUrl(new URL("https://u:p@hotline.example.cn:8443/app/"), "/telephony/voice?x=1")).toBe("https://u:p@hotline.example.cn:8443/app/telephony/voice?x=1");
    expect(webhookUrl(new URL("http://localhost:3000"), "/telephony/sms")).toBe("http://localhost:3000/telephony/sms");
  });

  it("refuses everything without a token or signature", () => {
    expect(isSignedByTwilio(null, { url: "https://x/telephony/voice", signature: "abc", rawBody: "" })).toBe(false);
    expect(isSignedByTwilio("token-0123456789abcdef", { url: "https://x/telephony/voice", signature: undefined, rawBody: "" })).toBe(false);
  });
});
