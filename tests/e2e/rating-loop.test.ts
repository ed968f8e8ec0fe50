import { eq } from "drizzle-orm";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "~/app/i18n";
import { openDatabase } from "~/db/client";
import { migrateDatabase } from "~/db/migrate";
import { departments } from "~/db/schema";
import { systemClock } from "~/domain/clock";
import { DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import { seedOnFirstStart } from "~/domain/setup/seed";
import type { TicketActor } from "~/domain/tickets/access";
import { dispatchTicket, signTicket } from "~/domain/tickets/actions";
import { createTicket } from "~/domain/tickets/create-ticket";
import { type RunningServer, startServer } from "~/tests/helpers/app-server";
import { browserAvailable, launchBrowser } from "~/tests/helpers/browser";

const screenshots = path.resolve("test-results/screenshots");
const CITIZEN_PHONE = "13855556666";
const r = messages.ratings;
const events = messages.tickets.events;

/**
 * Issue 7's acceptance, in a real browser: the department replies → the citizen texts "1"
 * (through the call simulator's SMS form, signed like Twilio) → the supervisor upholds it on the
 * verification queue → the department submits its rectification report on the ticket page →
 * the citizen texts "5" → the ticket is 已回访 and every step is on its timeline.
 * The ticket is made and signed for through the domain before the server starts.
 */
describe.skipIf(!browserAvailable)("the rating and rectification loop in a real browser", { timeout: 180_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let ticket: { id: number; number: string };

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "hotline-rating-e2e-"));
    const handle = await openDatabase({ engine: "pglite", dataDir });
    try {
      await migrateDatabase(handle);
      await seedOnFirstStart(handle, systemClock, { withDemoAccounts: true });
      const [cgj] = await handle.db.select({ id: departments.id }).from(departments).where(eq(departments.code, "CGJ"));
      const actor = (roles: TicketActor["roles"], departmentId: number | null = null): TicketActor => ({ id: null, label: "e2e-setup", ip: null, roles, departmentId });
      const ctx = (a: TicketActor) => ({ db: handle.db, clock: systemClock, actor: a });
      const created = await createTicket(ctx(actor(["operator"])), {
        channel: "phone",
        requestType: "complaint",
        title: "工地夜间施工扰民",
        description: "每天夜里十一点以后仍在施工，严重影响休息。",
        citizenName: "市民丙",
        citizenPhone: CITIZEN_PHONE,
        address: "卫东区建设路 9 号",
      });
      await dispatchTicket(ctx(actor(["dispatcher"])), created.id, { leadDepartmentId: cgj!.id });
      await signTicket(ctx(actor(["department_handler"], cgj!.id)), created.id);
      ticket = { id: created.id, number: created.number };
    } finally {
      await handle.close();
    }
    [server, browser] = await Promise.all([startServer({ dataDir }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signedIn(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/login`);
    await page.getByLabel(messages.signIn.username).fill(username);
    await page.getByLabel(messages.signIn.password).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: messages.signIn.submit }).click();
    await page.waitForURL((url) => url.pathname !== "/login");
    return page;
  }

  /** The citizen's text, sent from the call simulator page (signed with the twilio library). */
  async function citizenTexts(simulator: Page, body: string) {
    await simulator.goto(`${server.baseUrl}/call-simulator`);
    const form = simulator.locator("form", { has: simulator.locator('input[name="intent"][value="sms"]') });
    await form.locator('input[name="from"]').fill(`+86${CITIZEN_PHONE}`);
    await form.locator('input[name="body"]').fill(body);
    await form.getByRole("button", { name: messages.telephony.simulator.sendSms }).click();
    await simulator.getByTestId("simulator-body").filter({ hasText: messages.telephony.sms.rated(ticket.number) }).waitFor();
    expect(await simulator.getByTestId("simulator-status").innerText()).toBe("200");
  }

  it("reply → SMS 1 → upheld → rectified → SMS 5 → 已回访, every step on the timeline", async () => {
    const handler = await signedIn("handler");
    await handler.goto(`${server.baseUrl}/tickets/${ticket.id}`);
    const replyForm = handler.locator("form", { has: handler.locator('input[name="intent"][value="reply"]') });
    await replyForm.locator('textarea[name="reply"]').fill("已责令施工单位夜间停工，并安排巡查。");
    await replyForm.getByRole("button", { name: messages.worklist.detail.forms.reply.submit }).click();
    await handler.waitForURL(/notice=reply/);

    const supervisor = await signedIn("supervisor");
    await citizenTexts(supervisor, "1");

    await supervisor.goto(`${server.baseUrl}/supervision/verifications`);
    const row = supervisor.getByTestId(`verification-${ticket.number}`);
    await row.getByText(r.levels[1]!, { exact: true }).waitFor();
    await row.getByText(r.channels.sms, { exact: false }).first().waitFor();
    await row.locator('textarea[name="note"]').first().fill("核实属实，施工仍在继续");
    await row.getByRole("button", { name: r.verifications.upholdSubmit }).click();
    await supervisor.getByText(r.verifications.notices.upheld!).waitFor();
    await supervisor.getByText(r.verifications.empty).waitFor();
    await supervisor.screenshot({ path: path.join(screenshots, "rating-1-verification.png"), fullPage: true });

    await handler.goto(`${server.baseUrl}/tickets/${ticket.id}`);
    await handler.getByText(messages.tickets.states.rectifying).first().waitFor();
    const reportForm = handler.locator("form", { has: handler.locator('input[name="intent"][value="report_rectification"]') });
    await reportForm.locator('textarea[name="report"]').fill("已查封夜间施工设备，并安排夜间巡查，施工单位已书面承诺。");
    await reportForm.getByRole("button", { name: r.panel.forms.report_rectification.submit }).click();
    await handler.waitForURL(/rating=report_rectification/);
    await handler.getByText(r.panel.notices.report_rectification!).waitFor();

    await citizenTexts(supervisor, "5");

    await handler.goto(`${server.baseUrl}/tickets/${ticket.id}`);
    await handler.locator(".state-badge", { hasText: messages.tickets.states.revisited }).waitFor();
    const timeline = (await handler.locator(".timeline .event-label").allInnerTexts()).map((s) => s.trim());
    expect(timeline).toEqual([events.create, events.dispatch, events.sign, events.reply, events.rate, events.uphold_rating, events.report_rectification, events.rate]);
    expect(events.rate).toContain("评价");
    // The rating history: 非常满意 by SMS in round 1, 非常不满意 by SMS in round 0.
    const history = handler.getByTestId("rating-history");
    expect(await history.locator("tbody tr").count()).toBe(2);
    expect(await history.locator("tbody tr").first().innerText()).toContain(r.levels[5]!);
    expect(await history.locator("tbody tr").last().innerText()).toContain(r.levels[1]!);
    await handler.screenshot({ path: path.join(screenshots, "rating-2-closed.png"), fullPage: true });
  });
});
