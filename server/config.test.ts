import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

describe("loadConfig", () => {
  it("defaults to an embedded database in ./data on port 3000", () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ engine: "pglite", dataDir: "./data" });
    expect(config.port).toBe(3000);
    expect(config.publicUrl.href).toBe("http://localhost:3000/");
    expect(config.secureCookies).toBe(false);
    expect(config.production).toBe(false);
  });

  it("uses PostgreSQL when DATABASE_URL is set, and Secure cookies behind an HTTPS public URL", () => {
    const config = loadConfig({ DATABASE_URL: "postgres://u@db:5432/hotline", PUBLIC_URL: "https://12345.example.gov.cn", NODE_ENV: "production" });
    expect(config.database).toMatchObject({ engine: "postgres", url: "postgres://u@db:5432/hotline" });
    expect(config.secureCookies).toBe(true);
    expect(config.production).toBe(true);
  });

  it("takes an optional metrics token", () => {
    expect(loadConfig({}).metricsToken).toBeNull();
    expect(loadConfig({ METRICS_TOKEN: "abcdefghijklmnop0123+/==" }).metricsToken).toBe("abcdefghijklmnop0123+/==");
  });

  it("treats empty strings as unset", () => {
    expect(loadConfig({ DATABASE_URL: "", PORT: "" }).database.engine).toBe("pglite");
  });

  it.each([
    ["PORT", "eighty"],
    ["PORT", "70000"],
    ["DATABASE_URL", "mysql://x"],
    ["PUBLIC_URL", "not a url"],
    ["NODE_ENV", "staging"],
    ["TRUST_PROXY", "maybe"],
    ["SESSION_TTL_HOURS", "0"],
    ["METRICS_TOKEN", "too-short"],
    ["METRICS_TOKEN", "has spaces in the middle"],
  ])("names %s when it is %j", (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(name);
    expect((error as ConfigError).message).toContain(JSON.stringify(value));
  });
});
