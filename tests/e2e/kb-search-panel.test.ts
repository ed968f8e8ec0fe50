import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "~/app/i18n";
import { DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import { type RunningServer, startServer } from "~/tests/helpers/app-server";
import { browserAvailable, launchBrowser } from "~/tests/helpers/browser";
import { Client } from "~/tests/helpers/http-client";

const screenshots = path.resolve("test-results/screenshots");
const p = messages.knowledge.pages.panel;

/**
 * The operator's knowledge-base panel in a real browser: `/` jumps to it, typing searches,
 * ↑/↓ move the selection, Enter puts the chosen answer into the ticket form.
 */
describe.skipIf(!browserAvailable)("the intake desk's knowledge-base panel", { timeout: 120_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    // Two published articles that both match the query, written through the knowledge pages.
    const admin = new Client(server.baseUrl);
    expect((await admin.signIn("admin", DEMO_PASSWORD)).status).toBe(302);
    for (const [title, body] of [
      ["居住证首次办理", "居住证办理：携带身份证和居住登记凭证到社区服务站申请，15 个工作日内发证。"],
      ["居住证补领换领", "居住证丢失补领：携带身份证到原发证派出所办理，5 个工作日内领取。"],
    ]) {
      const created = await admin.post("/knowledge/new", { type: "faq", title: title!, body: body!, departmentId: "", visibility: "public", reviewBy: "" });
      expect(created.status).toBe(302);
      const id = /\/knowledge\/(\d+)$/.exec(created.headers.get("location")!)![1]!;
      expect((await admin.post(`/knowledge/${id}`, { intent: "publish", note: "" })).status).toBe(200);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("finds articles as the operator types and inserts the selected answer with Enter", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/login`);
    await page.getByLabel(messages.signIn.username).fill("operator");
    await page.getByLabel(messages.signIn.password).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: messages.signIn.submit }).click();
    await page.waitForURL((url) => url.pathname === "/intake");

    const search = page.getByRole("combobox", { name: p.label });
    // `/` typed in a form field is just a character…
    const title = page.locator('input[name="title"]');
    await title.fill("咨询");
    await title.press("/");
    await expect.poll(() => title.inputValue()).toBe("咨询/");
    // …elsewhere it jumps to the search box.
    await page.locator("h1").click();
    await page.keyboard.press("/");
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);

    await page.keyboard.type("居住证");
    const options = page.getByRole("listbox", { name: p.title }).getByRole("option");
    await expect.poll(() => options.count(), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => options.first().getAttribute("aria-selected")).toBe("true");
    const secondTitle = (await options.nth(1).locator(".kb-panel-title").innerText()).trim();

    await page.keyboard.press("ArrowDown");
    await expect.poll(() => options.nth(1).getAttribute("aria-selected")).toBe("true");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp"); // wraps round to the last result
    await expect.poll(() => options.nth(1).getAttribute("aria-selected")).toBe("true");
    await page.keyboard.press("Enter");

    const description = page.locator('textarea[name="description"]');
    await expect.poll(() => description.inputValue()).toContain(`【${secondTitle}】`);
    expect(await description.inputValue()).toMatch(/居住证/);
    await page.getByText(p.inserted(secondTitle)).waitFor();

    // A consultation's on-the-spot answer field receives it instead.
    await page.locator('select[name="requestType"]').selectOption("consultation");
    await search.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator('textarea[name="directAnswer"]').inputValue()).toContain(`【${secondTitle}】`);
    await page.screenshot({ path: path.join(screenshots, "intake-kb-panel.png"), fullPage: true });
    await context.close();
  });
});
