import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "~/app/i18n";
import { modulesFor } from "~/app/navigation";
import { demoAccounts, DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import { type RunningServer, startServer } from "~/tests/helpers/app-server";
import { browserAvailable, launchBrowser } from "~/tests/helpers/browser";

const screenshots = path.resolve("test-results/screenshots");

describe.skipIf(!browserAvailable)("workspace in a real browser", () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it.each(demoAccounts)("$username ($role) signs in with the keyboard and sees exactly the modules of the role", async (account) => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" });
    await page.goto(server.baseUrl);
    await expect(page.title()).resolves.toContain(messages.signIn.title);
    // The username field has focus on arrival; the whole form works from the keyboard.
    await page.keyboard.type(account.username);
    await page.keyboard.press("Tab");
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname !== "/" && url.pathname !== "/login");

    const nav = page.getByRole("navigation", { name: "主导航" });
    // The URL changes before the client-side navigation has rendered the workspace.
    await nav.getByRole("link").first().waitFor();
    const expected = modulesFor([account.role]).map((m) => messages.nav[m.key]);
    await expect(nav.getByRole("link").allInnerTexts()).resolves.toEqual(expected);
    await expect(page.locator(".who").innerText()).resolves.toContain(messages.roles[account.role]);
    await page.screenshot({ path: path.join(screenshots, `${account.role}.png`), fullPage: true });

    await page.getByRole("button", { name: messages.nav.signOut }).click();
    await page.waitForURL(/\/login\?signedOut=1/);
    await page.getByText(messages.signIn.signedOut).waitFor();
    await page.close();
  });

  it("an administrator creates a department and a user, and finds both in the audit log", async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${server.baseUrl}/login`);
    await page.getByLabel(messages.signIn.username).fill("admin");
    await page.getByLabel(messages.signIn.password).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: messages.signIn.submit }).click();
    await page.waitForURL(/\/admin$/);

    await page.goto(`${server.baseUrl}/admin/departments/new`);
    await page.getByLabel(messages.departments.name).fill("区数据测试中心");
    await page.getByLabel(messages.departments.code).fill("sjcs");
    await page.getByRole("button", { name: messages.common.save }).click();
    await page.waitForURL(/\/admin\/departments$/);
    await page.getByRole("cell", { name: "区数据测试中心" }).waitFor();

    await page.goto(`${server.baseUrl}/admin/users/new`);
    await page.getByLabel(messages.users.username).fill("zhang.san");
    await page.getByLabel(messages.users.displayName).fill("测试经办人");
    await page.getByLabel(messages.users.password).fill("abc1234567");
    await page.getByLabel(messages.roles.department_handler).check();
    await page.getByLabel(messages.users.department).selectOption({ label: "区数据测试中心" });
    await page.getByRole("button", { name: messages.common.create }).click();
    await page.waitForURL(/\/admin\/users\/[a-z0-9]+\?notice=created/);
    await page.getByText(messages.users.created).waitFor();

    await page.goto(`${server.baseUrl}/admin/audit`);
    await page.getByRole("cell", { name: "创建单位" }).first().waitFor();
    await page.getByRole("cell", { name: "创建用户" }).first().waitFor();
    await page.screenshot({ path: path.join(screenshots, "admin-audit.png"), fullPage: true });
    await page.close();
  });
});
