import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";
import { verifyRequestOrigin } from "lucia";
import { sql } from "drizzle-orm";
import type { ViteDevServer } from "vite";
import { resolveRequestAuth } from "./auth";
import { contentSecurityPolicyMiddleware, cspNonceOf, noContentSecurityPolicy } from "./csp";
import { createMetrics } from "./metrics";
import { createTelephonyRouter } from "~/telephony/webhook-router";
import type { AppServices } from "./services";

/** Paths whose POSTs are authenticated by a signature or key instead of a staff cookie. */
const ORIGIN_CHECK_EXEMPT = [/^\/telephony\//, /^\/open311\//];
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type BuildSource = { mode: "production"; buildDir: string } | { mode: "development"; vite: ViteDevServer };

export async function createHttpApp(services: AppServices, source: BuildSource) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", services.config.trustProxy);

  // Counts every request, so it comes first; /metrics is answered before Remix (404 when refused).
  const metrics = createMetrics(services);
  app.use(metrics.middleware);
  app.use(securityHeaders);
  // Twilio webhooks: signed, read raw, answered without Remix (the fallback must work without the
  // database). Mounted ahead of the page middleware below: their answers are TwiML for Twilio,
  // never a page, so instead of a per-response nonce they carry a fixed policy that allows
  // nothing, and the origin check does not apply (a signature stands in for it).
  app.use("/telephony", noContentSecurityPolicy, createTelephonyRouter(services, services.logger));
  app.use(contentSecurityPolicyMiddleware({ enforce: source.mode === "production" }));
  app.get("/healthz", healthz(services));
  app.get("/metrics", metrics.handler);
  app.use(rejectCrossOriginPosts(services));

  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (source.mode === "development") {
    app.use(source.vite.middlewares);
    build = () => source.vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  } else {
    const client = path.join(source.buildDir, "client");
    app.use("/assets", express.static(path.join(client, "assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(client, { maxAge: "1h" }));
    build = (await import(path.join(source.buildDir, "server", "index.js"))) as ServerBuild;
  }

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: source.mode,
      getLoadContext: async (req, res): Promise<AppLoadContext> => {
        const { setCookie, ...auth } = await resolveRequestAuth(services.auth, req.headers.cookie);
        if (setCookie) res.append("Set-Cookie", setCookie);
        return { services, auth, ip: req.ip ?? null, cspNonce: cspNonceOf(res) };
      },
    }),
  );

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    // Express and body-parser mark the client's own mistakes with a 4xx status: a malformed
    // percent-escape in the path (400), a webhook body over its limit (413), a bad encoding (415).
    // Those are answered as such, not as a 500 (found by tests/http/fuzz.test.ts).
    const status = clientErrorStatus(error);
    if (status !== null) {
      services.logger.warn("request refused", { method: req.method, path: req.path, status });
      if (!res.headersSent) res.status(status).type("text/plain; charset=utf-8").send(status === 413 ? "请求内容过大 Payload Too Large" : "请求无效 Bad Request");
      return;
    }
    services.logger.error("request failed", { method: req.method, path: req.path, error });
    if (!res.headersSent) res.status(500).type("text/plain; charset=utf-8").send("服务器内部错误 Internal Server Error");
  });
  return app;
}

/** The 4xx status an Express or body-parser error carries (`status`/`statusCode`), or null. */
function clientErrorStatus(error: unknown): number | null {
  if (typeof error !== "object" || error === null) return null;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const value = typeof status === "number" ? status : statusCode;
  return typeof value === "number" && value >= 400 && value < 500 ? value : null;
}

function securityHeaders(_req: Request, res: Response, next: NextFunction) {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), geolocation=(self), microphone=(self)");
  next();
}

/**
 * CSRF protection: a state-changing request must come from one of our own pages. Browsers send
 * `Origin` on every cross-site POST (and on same-site form posts), so a missing or foreign Origin
 * is refused before any action runs. Together with SameSite=Lax cookies this is Lucia's
 * recommended defence; see docs/decisions/0003-sessions-with-lucia.md.
 */
function rejectCrossOriginPosts(services: AppServices) {
  const allowedHosts = [services.config.publicUrl.host];
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method) || ORIGIN_CHECK_EXEMPT.some((p) => p.test(req.path))) return next();
    const origin = req.headers.origin ?? null;
    const host = req.headers.host ?? null;
    if (origin && host && verifyRequestOrigin(origin, [host, ...allowedHosts])) return next();
    services.logger.warn("cross-origin request refused", { method: req.method, path: req.path, origin, host });
    res
      .status(403)
      .type("text/plain; charset=utf-8")
      .send("请求来源无法验证，已拒绝（请从本系统页面提交）。Request origin could not be verified.");
  };
}

function healthz(services: AppServices) {
  return async (_req: Request, res: Response) => {
    const started = performance.now();
    try {
      await services.db.execute(sql`select 1`);
      res.json({
        status: "ok",
        database: { ok: true, engine: services.database.engine, latencyMs: Math.round(performance.now() - started) },
      });
    } catch (error) {
      services.logger.error("health check failed", { error });
      res.status(503).json({ status: "error", database: { ok: false, engine: services.database.engine } });
    }
  };
}
