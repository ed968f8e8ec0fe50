import express, { type Request, type Response, Router } from "express";
import type { z } from "zod";
import { DomainError } from "~/domain/errors";
import type { Logger } from "~/server/logger";
import { isSignedByTwilio } from "./signature";
import { TWIML_CONTENT_TYPE } from "./twiml";
import type { WebhookDeps, WebhookResult } from "./webhooks/context";
import { fallbackSchema, handleFallback } from "./webhooks/fallback";
import { handleInboundSms, handleSmsStatus, inboundSmsSchema, smsStatusSchema } from "./webhooks/sms";
import {
  callStatusSchema,
  handleCallStatus,
  handleIncomingCall,
  handleMenu,
  handleQueueExit,
  handleQueueWait,
  handleRecording,
  handleVoicemailDone,
  incomingCallSchema,
  menuSchema,
  queueExitSchema,
  queueWaitSchema,
  recordingSchema,
} from "./webhooks/voice";

interface Endpoint<S extends z.ZodTypeAny> {
  schema: S;
  handle(deps: WebhookDeps, params: z.output<S>, query: URLSearchParams): Promise<WebhookResult> | WebhookResult;
}
const endpoint = <S extends z.ZodTypeAny>(e: Endpoint<S>) => e as Endpoint<z.ZodTypeAny>;

/** Every Twilio webhook, by path under /telephony (see docs/decisions/0007-telephony.md). */
export const WEBHOOKS: Record<string, Endpoint<z.ZodTypeAny>> = {
  "/voice": endpoint({ schema: incomingCallSchema, handle: handleIncomingCall }),
  "/voice/menu": endpoint({ schema: menuSchema, handle: handleMenu }),
  "/voice/queue-wait": endpoint({ schema: queueWaitSchema, handle: handleQueueWait }),
  "/voice/queue-exit": endpoint({ schema: queueExitSchema, handle: handleQueueExit }),
  "/voice/voicemail": endpoint({ schema: fallbackSchema, handle: (deps) => handleVoicemailDone(deps) }),
  "/voice/status": endpoint({ schema: callStatusSchema, handle: handleCallStatus }),
  "/voice/recording": endpoint({ schema: recordingSchema, handle: handleRecording }),
  "/voice/fallback": endpoint({ schema: fallbackSchema, handle: handleFallback }),
  "/sms": endpoint({ schema: inboundSmsSchema, handle: handleInboundSms }),
  "/sms/status": endpoint({ schema: smsStatusSchema, handle: handleSmsStatus }),
};

const FORM_TYPE = "application/x-www-form-urlencoded";

/**
 * The /telephony router, mounted before Remix: it reads the body raw (the signature covers the
 * exact parameters), refuses anything not signed for this very URL with 403 before reading a
 * parameter, refuses malformed input with 400, and answers TwiML or 204.
 */
export function createTelephonyRouter(deps: WebhookDeps, logger: Logger): Router {
  const router = Router();
  router.use(express.raw({ type: () => true, limit: "64kb" }));
  router.all("*", async (req: Request, res: Response) => {
    const hook = WEBHOOKS[req.path];
    if (!hook) return void res.status(404).type("text/plain").send("Not Found");
    if (req.method !== "POST") return void res.status(405).set("Allow", "POST").type("text/plain").send("Method Not Allowed");
    const rawBody = Buffer.isBuffer(req.body) ? req.body.toString("utf8") : "";
    const url = deps.telephony.url(req.originalUrl);
    if (!isSignedByTwilio(deps.telephony.authToken, { url, signature: req.header("x-twilio-signature"), rawBody })) {
      logger.warn("telephony webhook refused: bad signature", { path: req.originalUrl, ip: req.ip });
      return void res.status(403).type("text/plain").send("Forbidden");
    }
    if (!(req.header("content-type") ?? "").toLowerCase().startsWith(FORM_TYPE)) return void res.status(400).type("text/plain").send("Expected a form-encoded body");
    const parsed = hook.schema.safeParse(Object.fromEntries(new URLSearchParams(rawBody)));
    if (!parsed.success) return void res.status(400).type("text/plain").send(`Bad request: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`);
    try {
      const result = await hook.handle(deps, parsed.data, new URL(url).searchParams);
      if ("noContent" in result) return void res.status(204).end();
      // res.end, not res.send: Twilio never revalidates, so no ETag is hashed for every answer.
      res.status(200).type(TWIML_CONTENT_TYPE).end(result.twiml);
    } catch (error) {
      if (error instanceof DomainError && error.status < 500) return void res.status(error.status).type("text/plain").send(error.code);
      // A 5xx makes Twilio request the Fallback URL, which answers without the database.
      logger.error("telephony webhook failed", { path: req.path, error });
      res.status(500).type("text/plain").send("Internal Server Error");
    }
  });
  return router;
}
