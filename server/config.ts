import { z } from "zod";
import type { SearchConfig } from "~/search/config";
import { telephonyConfigFrom, telephonyEnvShape } from "~/telephony/config";

const boolean = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

/** A comma-separated list of API keys (empty = none accepted). */
const apiKeyList = z
  .string()
  .transform((v) => v.split(",").map((k) => k.trim()).filter(Boolean))
  .pipe(
    z.array(
      z.string().regex(/^[A-Za-z0-9._~-]{16,200}$/, {
        message: "must be a comma-separated list of keys, each 16–200 letters, digits, '.', '_', '~' or '-'",
      }),
    ),
  )
  .default("");

/**
 * The environment variables the server reads, parsed once at boot. Anything not listed here
 * is not configuration. A wrong value stops the start with a message naming the variable.
 */
const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().min(1).default("127.0.0.1"),
    PORT: z.coerce.number({ message: "must be a port number" }).int().min(0).max(65535).default(3000),
    PUBLIC_URL: z.string().url({ message: "must be an absolute URL such as https://hotline.example.gov.cn" }).optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, { message: "must start with postgres:// or postgresql://" })
      .optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    DATA_DIR: z.string().min(1).default("./data"),
    SESSION_TTL_HOURS: z.coerce.number({ message: "must be a number of hours" }).min(1).max(24 * 30).default(12),
    TRUST_PROXY: boolean.default("false"),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    OPEN311_API_KEYS: apiKeyList,
    EXPORT_API_KEYS: apiKeyList,
    METRICS_TOKEN: z
      .string()
      .regex(/^[A-Za-z0-9._~+/-]{16,200}=*$/, { message: "must be 16–200 letters, digits, '.', '_', '~', '+', '/' or '-'" })
      .optional(),
    MEILI_HOST: z.string().url({ message: "must be a URL such as http://127.0.0.1:7700" }).optional(),
    MEILI_API_KEY: z.string().min(1).optional(),
    MEILI_INDEX: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, { message: "must be 1–100 letters, digits, '_' or '-'" }).default("articles"),
    BUILD_DIR: z.string().min(1).default("build"),
    WORKERS: z.enum(["embedded", "off"], { message: "must be embedded or off" }).default("embedded"),
    DEMO_TICKETS: boolean.default("true"),
    ...telephonyEnvShape,
  })
  .transform((env) => {
    const publicUrl = new URL(env.PUBLIC_URL ?? `http://localhost:${env.PORT}`);
    return {
      env: env.NODE_ENV,
      production: env.NODE_ENV === "production",
      host: env.HOST,
      port: env.PORT,
      publicUrl,
      /** Cookies are marked Secure when the public address is HTTPS. */
      secureCookies: publicUrl.protocol === "https:",
      database: env.DATABASE_URL
        ? ({ engine: "postgres", url: env.DATABASE_URL, maxConnections: env.DATABASE_POOL_SIZE } as const)
        : ({ engine: "pglite", dataDir: env.DATA_DIR } as const),
      dataDir: env.DATA_DIR,
      sessionTtlHours: env.SESSION_TTL_HOURS,
      trustProxy: env.TRUST_PROXY,
      logLevel: env.LOG_LEVEL,
      /** Keys accepted by Open311 POST requests.json; none = creating requests is refused. */
      open311ApiKeys: env.OPEN311_API_KEYS,
      /** Keys accepted by the export feed for higher-level platforms; none = the feed is closed. */
      exportApiKeys: env.EXPORT_API_KEYS,
      /** Bearer token for GET /metrics; none = only loopback clients may scrape it. */
      metricsToken: env.METRICS_TOKEN ?? null,
      /** Meilisearch when MEILI_HOST is set; the Postgres search backend otherwise (and as fallback). */
      search: {
        meilisearch: env.MEILI_HOST ? { host: env.MEILI_HOST, apiKey: env.MEILI_API_KEY ?? null, index: env.MEILI_INDEX } : null,
      } satisfies SearchConfig,
      /** Where `npm run build` put the app (tests build into directories of their own). */
      buildDir: env.BUILD_DIR,
      /**
       * Whether the web process also runs the background jobs. On PGlite it must (one process per
       * data directory); on PostgreSQL, `off` leaves them to `npm run workers` processes.
       */
      workers: env.WORKERS,
      /** Seed a few weeks of demo tickets into a new database (never in production). */
      demoTickets: env.DEMO_TICKETS && env.NODE_ENV !== "production",
      /** Twilio webhooks, call control and SMS; the simulator stands in without an account. */
      telephony: telephonyConfigFrom(env, env.NODE_ENV === "production"),
    };
  });

export type Config = z.output<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty strings count as unset, as they do in most .env conventions.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(present);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message} (got ${JSON.stringify(present[String(i.path[0])])})`));
}
