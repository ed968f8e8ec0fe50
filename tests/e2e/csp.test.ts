import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "~/app/i18n";
import { modulesFor } from "~/app/navigation";
import { demoAccounts, DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import { type RunningServer, startServer } from "~/tests/helpers/app-server";
import { browserAvailable, launchBrowser } from "~/tests/helpers/browser";

/**
 * The Content-Security-Policy (server/csp.ts) in Chromium: the citizens' pages and every module
 * of every demo role load, hydrate and navigate on the client without a single violation; each
 * response has its own nonce and the document's scripts carry it; script the page did not ship
 * (an injected inline script, an event-handler attribute, eval, a script with an old nonce) is
 * refused, and so is an injected style attribute; the softphone's Twilio origins are allowed and other origins are not.
 */
const CITIZEN_PAGES = ["/login", "/report", "/status", "/status?number=1&code=1", "/kb", "/kb?q=%E8%B7%AF%E7%81%AF"];

describe.skipIf(!browserAvailable)("content-security policy in a real browser", { timeout: 180_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    // Demo tickets, so the ticket pages, inboxes and charts have something to render.
    [server, browser] = await Promise.all([startServer({ env: { DEMO_TICKETS: "true" } }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A browser context that records every CSP violation, from the event and from the console. */
  async function watchedContext(): Promise<{ context: BrowserContext; violations: string[] }> {
    const violations: string[] = [];
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN" });
    // Nothing leaves this machine: a request to any other host is answered here (the policy is
    // checked before a request is made, so a request that reaches this handler was allowed).
    const local = new URL(server.baseUrl).host;
    await context.route((url) => url.host !== local, (route) => route.fulfill({ status: 204 }));
    await context.exposeBinding("__cspViolation", (source, text: string) => violations.push(`${source.page.url()}: ${text}`));
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        const report = (window as unknown as { __cspViolation(text: string): void }).__cspViolation;
        void report(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${event.sample})`);
      });
    });
    context.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy/i.test(message.text())) violations.push(`${message.page()?.url()}: ${message.text()}`);
    });
    return { context, violations };
  }

  /** Loads a page (an error page too: it runs the same scripts) and waits until Remix has hydrated it. */
  async function open(page: Page, path: string) {
    const response = await page.goto(`${server.baseUrl}${path}`);
    expect(response?.status(), path).toBeLessThan(500);
    await page.waitForFunction(() => "__remixRouter" in window);
    return response!;
  }

  async function signIn(page: Page, username: string) {
    await page.goto(`${server.baseUrl}/login`);
    await page.getByLabel(messages.signIn.username).fill(username);
    await page.getByLabel(messages.signIn.password).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: messages.signIn.submit }).click();
    await page.waitForURL((url) => url.pathname !== "/login");
  }

  const nonceOf = (header: string | undefined) => /'nonce-([^']+)'/.exec(header ?? "")?.[1] ?? null;

  it("citizen pages load and hydrate without a violation", async () => {
    const { context, violations } = await watchedContext();
    const page = await context.newPage();
    for (const path of CITIZEN_PAGES) await open(page, path);
    // A client-side navigation loads the next route's module on demand, under the same policy.
    await open(page, "/status");
    await page.locator('a[href^="/kb"]').first().click();
    await page.waitForURL((url) => url.pathname === "/kb");
    await context.close();
    expect(violations).toEqual([]);
  });

  it.each(demoAccounts)("$username ($role): every module, a ticket page and a client-side navigation without a violation", async (account) => {
    const { context, violations } = await watchedContext();
    const page = await context.newPage();
    await signIn(page, account.username);
    const modules = modulesFor([account.role]);
    for (const module of modules) await open(page, module.path);
    // A ticket page, where the role's list links to one (the department inbox, the ticket list).
    const ticketLink = page.locator('main a[href^="/tickets/"]').first();
    if (await ticketLink.count()) {
      await ticketLink.click();
      await page.waitForURL(/\/tickets\/\d+/);
    }
    // Back to the first module through the menu: the router, not a page load, does it.
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: messages.nav[modules[0]!.key] }).click();
    await page.waitForURL((url) => url.pathname === modules[0]!.path);
    await expect(page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).resolves.toBe(true);
    await context.close();
    expect(violations).toEqual([]);
  });

  it("sends a fresh nonce with every page, and the page's scripts carry exactly that nonce", async () => {
    const { context, violations } = await watchedContext();
    const page = await context.newPage();
    const nonces: string[] = [];
    for (const path of ["/report", "/report", "/login"]) {
      const header = (await open(page, path)).headers()["content-security-policy"];
      const nonce = nonceOf(header);
      expect(nonce, header).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      const scripts = await page.evaluate(() => [...document.scripts].map((s) => ({ inline: !s.src, nonce: s.nonce })));
      expect(scripts.filter((s) => s.inline).length).toBeGreaterThan(0);
      for (const script of scripts.filter((s) => s.inline)) expect(script.nonce).toBe(nonce);
      nonces.push(nonce!);
    }
    expect(new Set(nonces).size).toBe(nonces.length);
    await context.close();
    expect(violations).toEqual([]);
  });

  it("refuses an injected inline script, an event-handler attribute, eval and a script with another response's nonce", async () => {
    const { context, violations } = await watchedContext();
    const page = await context.newPage();
    const oldNonce = nonceOf((await open(page, "/report")).headers()["content-security-policy"])!;
    const nonce = nonceOf((await open(page, "/report")).headers()["content-security-policy"])!;
    const outcome = await page.evaluate(
      async ({ oldNonce, nonce }) => {
        const ran: Record<string, boolean> = {};
        const w = window as unknown as { __ran: Record<string, boolean> };
        w.__ran = ran;
        const inject = (name: string, scriptNonce?: string) => {
          const script = document.createElement("script");
          if (scriptNonce) script.nonce = scriptNonce;
          script.textContent = `window.__ran[${JSON.stringify(name)}] = true`;
          document.body.append(script);
        };
        inject("inline");
        inject("oldNonce", oldNonce);
        inject("currentNonce", nonce);
        // Markup that slips through with a style attribute is not styled by it.
        const styled = document.createElement("div");
        styled.innerHTML = '<p id="injected-style" style="color: rgb(255, 0, 0)">x</p>';
        document.body.append(styled);
        const img = document.createElement("img");
        img.setAttribute("onerror", "window.__ran.handler = true");
        img.src = "data:,not-an-image";
        document.body.append(img);
        await new Promise((resolve) => setTimeout(resolve, 300));
        let evalOutcome = "ran";
        try {
          (0, eval)("1");
        } catch (error) {
          evalOutcome = (error as Error).name;
        }
        const injectedColor = getComputedStyle(document.getElementById("injected-style")!).color;
        return { ran, evalOutcome, injectedColor };
      },
      { oldNonce, nonce },
    );
    await context.close();
    expect(oldNonce).not.toBe(nonce);
    // Only the script with this response's nonce ran: the proof that the nonce is what lets a script in.
    expect(outcome.ran).toEqual({ currentNonce: true });
    expect(outcome.evalOutcome).toBe("EvalError");
    expect(outcome.injectedColor).not.toBe("rgb(255, 0, 0)");
    expect(violations.some((v) => /style-src-attr blocked inline/.test(v))).toBe(true);
    expect(violations.some((v) => /script-src-elem blocked inline/.test(v))).toBe(true);
    expect(violations.some((v) => /script-src-attr blocked inline/.test(v))).toBe(true);
    expect(violations.some((v) => /script-src blocked eval/.test(v))).toBe(true);
  });

  it("lets the softphone reach Twilio (HTTPS and WebSocket) and refuses any other origin", async () => {
    const { context, violations } = await watchedContext();
    // The Voice SDK's signalling socket, answered here instead of by Twilio.
    await context.routeWebSocket(/twilio\.com/, () => {});
    const page = await context.newPage();
    await open(page, "/login");
    const outcome = await page.evaluate(async () => {
      const fetched = async (url: string) => fetch(url).then((r) => r.status, (e: Error) => e.name);
      const socket = (url: string) =>
        new Promise<string>((resolve) => {
          try {
            const ws = new WebSocket(url);
            ws.onopen = () => resolve("open");
            ws.onerror = () => resolve("error");
          } catch (error) {
            resolve((error as Error).name);
          }
        });
      return {
        sounds: await fetched("https://sdk.twilio.com/js/client/sounds/releases/1.0.0/incoming.mp3"),
        insights: await fetched("https://eventgw.twilio.com/v4/EndpointEvents"),
        signalling: await socket("wss://voice-js.roaming.twilio.com/signal"),
        foreignFetch: await fetched("https://collector.example/steal"),
        foreignSocket: await socket("wss://collector.example/steal"),
      };
    });
    await context.close();
    expect(outcome).toEqual({ sounds: 204, insights: 204, signalling: "open", foreignFetch: "TypeError", foreignSocket: expect.stringMatching(/error|SecurityError/) });
    expect(violations.filter((v) => /connect-src/.test(v)).length).toBeGreaterThanOrEqual(2);
    expect(violations.every((v) => /collector\.example/.test(v))).toBe(true);
  });
});
