import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "~/app/i18n";
import { DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import { type RunningServer, startServer } from "~/tests/helpers/app-server";
import { browserAvailable, launchBrowser } from "~/tests/helpers/browser";

const screenshots = path.resolve("test-results/screenshots");
const w = messages.worklist.detail.forms;
const d = messages.intakeDispatch.dispatch;

/**
 * The whole loop in a real browser, each role in its own browser context (its own cookies):
 * an operator logs a complaint → the dispatcher dispatches it → the department signs and replies
 * → the citizen sees the reply on the status page. Plus the return and the extension paths.
 */
describe.skipIf(!browserAvailable)("a ticket's life in a real browser", { timeout: 120_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
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

  /** The operator logs a complaint about illegal construction (routed to 区城管局 by the seed). */
  async function logComplaint(operator: Page, title: string) {
    await operator.goto(`${server.baseUrl}/intake`);
    await operator.locator('input[name="citizenPhone"]').fill("13812345678");
    await operator.locator('input[name="citizenName"]').fill("市民乙");
    await operator.locator('select[name="requestType"]').selectOption("complaint");
    await operator.locator('select[name="categoryId"]').selectOption({ label: "违法建设" });
    await operator.locator('input[name="title"]').fill(title);
    await operator.locator('textarea[name="description"]').fill("小区楼顶正在加盖违章建筑，已持续一周。");
    await operator.locator('input[name="address"]').fill("卫东区光明路 8 号");
    await operator.keyboard.press("Alt+S");
    const notice = operator.locator(".created-notice");
    await notice.waitFor();
    const number = (await notice.locator(".ticket-number").innerText()).trim();
    const queryCode = (await notice.locator(".query-code").innerText()).trim();
    const href = await notice.getByRole("link", { name: messages.intakeDispatch.intake.openTicket }).getAttribute("href");
    return { number, queryCode, id: Number(href!.split("/").pop()) };
  }

  async function dispatchTo(dispatcher: Page, ticketId: number, department: string) {
    await dispatcher.goto(`${server.baseUrl}/dispatch?ticket=${ticketId}`);
    const panel = dispatcher.locator("form", { has: dispatcher.locator('input[name="intent"][value="dispatch"]') });
    const select = panel.locator('select[name="leadDepartmentId"]');
    // The suggested department's option carries a mark after its name.
    const value = await select.locator("option", { hasText: department }).first().getAttribute("value");
    await select.selectOption(value!);
    await panel.getByRole("button", { name: d.dispatchSubmit }).click();
    await dispatcher.getByText(d.dispatched(await ticketNumberOn(dispatcher, ticketId), department)).waitFor();
  }

  async function ticketNumberOn(page: Page, ticketId: number) {
    const response = await page.request.get(`${server.baseUrl}/tickets/${ticketId}`);
    const html = await response.text();
    return /\d{13}/.exec(html)![0];
  }

  async function act(page: Page, ticketId: number, action: keyof typeof w, fill?: (form: ReturnType<Page["locator"]>) => Promise<void>) {
    await page.goto(`${server.baseUrl}/tickets/${ticketId}`);
    const form = page.locator("form", { has: page.locator(`input[name="intent"][value="${action}"]`) });
    if (fill) await fill(form);
    await form.getByRole("button", { name: w[action].submit }).click();
    await page.waitForURL(/notice=/);
  }

  it("operator → dispatcher → department → citizen sees the reply", async () => {
    const operator = await signedIn("operator");
    const ticket = await logComplaint(operator, "楼顶违章加盖");
    expect(ticket.number).toMatch(/^\d{13}$/);
    expect(ticket.queryCode).toMatch(/^\d{6}$/);
    await operator.screenshot({ path: path.join(screenshots, "flow-1-intake.png"), fullPage: true });

    const dispatcher = await signedIn("dispatcher");
    await dispatcher.goto(`${server.baseUrl}/dispatch`);
    await dispatcher.getByText(ticket.number).waitFor();
    await dispatchTo(dispatcher, ticket.id, "区城管局");
    await dispatcher.screenshot({ path: path.join(screenshots, "flow-2-dispatch.png"), fullPage: true });

    const handler = await signedIn("handler");
    await handler.goto(`${server.baseUrl}/department`);
    await handler.getByText(ticket.number).waitFor();
    await act(handler, ticket.id, "sign");
    await act(handler, ticket.id, "reply", (form) => form.locator('textarea[name="reply"]').fill("已责令业主限期拆除，执法队员已到现场督促。"));
    await handler.getByText(messages.tickets.states.replied).first().waitFor();
    await handler.screenshot({ path: path.join(screenshots, "flow-3-department.png"), fullPage: true });

    const citizen = await (await browser.newContext({ locale: "zh-CN" })).newPage();
    await citizen.goto(`${server.baseUrl}/status`);
    await citizen.getByLabel(messages.citizen.status.number).fill(ticket.number);
    await citizen.getByLabel(messages.citizen.status.queryCode).fill(ticket.queryCode);
    await citizen.getByRole("button", { name: messages.citizen.status.submit }).click();
    await citizen.getByText("已责令业主限期拆除").waitFor();
    const page = await citizen.content();
    expect(page).toContain(messages.tickets.states.replied);
    // No staff names on the public page.
    expect(page).not.toContain("handler");
    expect(page).not.toContain("演示经办人");
    await citizen.screenshot({ path: path.join(screenshots, "flow-4-citizen-status.png"), fullPage: true });
  });

  it("return path: the department returns it, the dispatcher sends it elsewhere", async () => {
    const operator = await signedIn("operator");
    const ticket = await logComplaint(operator, "退单路径测试");
    const dispatcher = await signedIn("dispatcher");
    await dispatchTo(dispatcher, ticket.id, "区城管局");
    const handler = await signedIn("handler");
    await act(handler, ticket.id, "return", (form) => form.locator('textarea[name="reason"]').fill("属于住建部门职责，建议转区住建局。"));
    await dispatcher.goto(`${server.baseUrl}/dispatch`);
    await dispatcher.getByText(d.returnReason("属于住建部门职责，建议转区住建局。")).waitFor();
    await dispatchTo(dispatcher, ticket.id, "区住建局");
    // The returning department no longer sees it.
    const response = await handler.request.get(`${server.baseUrl}/tickets/${ticket.id}`);
    expect(response.status()).toBe(404);
  });

  it("extension path: the department asks for more time, the supervisor approves", async () => {
    const operator = await signedIn("operator");
    const ticket = await logComplaint(operator, "延期路径测试");
    const dispatcher = await signedIn("dispatcher");
    await dispatchTo(dispatcher, ticket.id, "区城管局");
    const handler = await signedIn("handler");
    await act(handler, ticket.id, "sign");
    await act(handler, ticket.id, "request_extension", async (form) => {
      await form.locator('input[name="workingDays"]').fill("3");
      await form.locator('textarea[name="reason"]').fill("需要委托第三方进行房屋安全鉴定。");
    });
    const supervisor = await signedIn("supervisor");
    await act(supervisor, ticket.id, "approve_extension");
    await supervisor.getByText(messages.tickets.events.approve_extension).first().waitFor();
    await supervisor.screenshot({ path: path.join(screenshots, "flow-5-extension.png"), fullPage: true });
  });
});
