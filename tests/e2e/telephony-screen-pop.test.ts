import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "~/app/i18n";
import { openDatabase } from "~/db/client";
import { calls, outbox, tickets } from "~/db/schema";
import { DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import { signForm } from "~/telephony/signature";
import { type RunningServer, startServer } from "~/tests/helpers/app-server";
import { browserAvailable, launchBrowser } from "~/tests/helpers/browser";

const TOKEN = "e2e-auth-token-0123456789abcdef";
const CALL_SID = `CA${"e2e".padEnd(32, "0")}`;

/**
 * A simulated call in a real browser: the operator is available → a signed call comes in, picks
 * 1 and waits in the queue → the operator's screen pops within 2 s (SSE, no reload) → the
 * operator saves a ticket linked to the call → its notification is in the outbox.
 */
describe.skipIf(!browserAvailable)("telephony screen pop in a real browser", { timeout: 120_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let stopped = false;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { TWILIO_AUTH_TOKEN: TOKEN } }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    if (!stopped) await server?.stop();
  });

  /** Signed as Twilio signs: over PUBLIC_URL (here the default http://localhost:$PORT, PORT=0) + path. */
  async function twilio(path: string, params: Record<string, string>) {
    const response = await fetch(`${server.baseUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signForm(TOKEN, `http://localhost:0${path}`, params) },
      body: new URLSearchParams(params),
    });
    expect(response.status, await response.clone().text()).toBeLessThan(300);
    return response;
  }

  it("pops the caller on the operator's screen and links the saved ticket to the call", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN" })).newPage();
    await page.goto(`${server.baseUrl}/login?redirectTo=/intake`);
    await page.getByLabel(messages.signIn.username).fill("operator");
    await page.getByLabel(messages.signIn.password).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: messages.signIn.submit }).click();
    await page.waitForURL((url) => url.pathname === "/intake");
    const t = messages.telephony.desk;
    await page.getByRole("button", { name: t.goAvailable }).click();
    await page.getByTestId("operator-status").filter({ hasText: t.statuses.available }).waitFor();

    const call = { CallSid: CALL_SID, From: "+8613912345678", To: "+8612345", AccountSid: "ACe2e" };
    await twilio("/telephony/voice", { ...call, CallStatus: "ringing" });
    await twilio("/telephony/voice/menu", { ...call, CallStatus: "in-progress", Digits: "1" });
    await twilio("/telephony/voice/queue-wait", { ...call, CallStatus: "in-progress", QueuePosition: "1", QueueTime: "2" });
    const connectedAt = Date.now();
    await page.getByTestId("incoming-call").waitFor({ timeout: 2_000 });
    expect(Date.now() - connectedAt).toBeLessThan(2_000);
    expect(await page.getByTestId("caller-number").innerText()).toBe("139****5678");
    await page.screenshot({ path: "test-results/screenshots/telephony-screen-pop.png", fullPage: true });

    await page.locator('select[name="requestType"]').selectOption("complaint");
    await page.locator('input[name="title"]').fill("来电反映路灯损坏");
    await page.locator('textarea[name="description"]').fill("市民来电反映小区门口路灯损坏一个月。");
    await page.keyboard.press("Alt+S");
    const number = (await page.locator(".created-notice .ticket-number").innerText()).trim();
    expect(number).toMatch(/^\d{13}$/);

    await twilio("/telephony/voice/status", { ...call, CallStatus: "completed", CallDuration: "95" });
    stopped = true;
    expect(await server.stop()).toBe(0);
    const database = await openDatabase({ engine: "pglite", dataDir: server.dataDir });
    try {
      const [ticket] = await database.db.select().from(tickets).where(eq(tickets.number, number));
      expect(ticket).toMatchObject({ channel: "phone", citizenPhone: "13912345678" });
      const [row] = await database.db.select().from(calls).where(eq(calls.callSid, CALL_SID));
      expect(row).toMatchObject({ ticketId: ticket!.id, status: "completed", queueResult: "connected" });
      // The acceptance SMS (number and query code) waits in the outbox for the workers.
      const sms = await database.db.select().from(outbox).where(eq(outbox.topic, "sms.send"));
      expect(sms.filter((n) => n.payload.ticketId === ticket!.id).map((n) => [n.payload.kind, n.payload.to])).toEqual([["accepted", "13912345678"]]);
    } finally {
      await database.close();
    }
  });
});
