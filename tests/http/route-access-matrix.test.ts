import { afterAll, beforeAll, describe, expect, it } from "vitest";
import routes from "~/app/routes";
import { homePathFor } from "~/app/navigation";
import { demoAccounts, DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import type { StaffRole } from "~/domain/staff/roles";
import { type RunningServer, startServer } from "~/tests/helpers/app-server";
import { Client } from "~/tests/helpers/http-client";

/**
 * The authorisation matrix (issue 9, security sweep): every route in app/routes.ts × signed out ×
 * every demo role, with the expected answer written down once in EXPECTED below (read off the
 * loaders and their guards). A route added to app/routes.ts without a row here fails the test.
 * One server on PGlite; the matrix does not depend on the database engine.
 */

/** Every route path in the config (index routes take their parent's path), as admin-access.test.ts reads them. */
function routePaths(): string[] {
  type Node = { path?: string; index?: boolean; children?: Node[] };
  const paths: string[] = [];
  const walk = (nodes: Node[], prefix: string) => {
    for (const node of nodes) {
      const full = node.path ? `${prefix}/${node.path}`.replace(/\/+/g, "/") : prefix;
      if (node.index || node.path) paths.push(full === "" ? "/" : full);
      if (node.children) walk(node.children, full);
    }
  };
  walk(routes as Node[], "");
  return [...new Set(paths)];
}

type Who = StaffRole | "signed-out";
/** A status, optionally with where a redirect must point (a string is matched as a prefix). */
type Outcome = number | { status: number; location?: string | ((who: Who) => string); json?: boolean };
interface Row {
  /** Appended to the path, so the loader gets past its own input checks to the answer we want. */
  query?: string;
  /** The GET answer for each caller. */
  get: Record<Who, Outcome>;
  /** For POST-only APIs: the POST answer (JSON body) for each caller. */
  post?: { body: unknown; outcome: Record<Who, Outcome> };
  /** Why a dynamic route is not requested (no fixture for it). */
  skip?: string;
}

const ROLES = demoAccounts.map((a) => a.role);
const SIGN_IN: Outcome = { status: 302, location: "/login?redirectTo=" };

/** Same answer for everyone. */
const all = (outcome: Outcome): Record<Who, Outcome> => Object.fromEntries([...ROLES, "signed-out"].map((w) => [w, outcome])) as Record<Who, Outcome>;
/** A guarded page: signed out → sign in; `allowed` → 200 (or the override); everyone else 403. */
const guarded = (allowed: readonly StaffRole[], overrides: Partial<Record<Who, Outcome>> = {}): Record<Who, Outcome> =>
  ({ ...Object.fromEntries(ROLES.map((r) => [r, allowed.includes(r) ? 200 : 403])), "signed-out": SIGN_IN, ...overrides }) as Record<Who, Outcome>;

const EVERYONE: readonly StaffRole[] = ROLES;
const ADMIN = ["administrator"] as const;
// app/tickets.server.ts TICKET_STAFF_ROLES: everyone but the pure administrator.
const TICKET_STAFF = ["operator", "dispatcher", "supervisor", "department_handler", "department_lead"] as const;
// app/navigation.ts workspace modules.
const KNOWLEDGE = EVERYONE;
const KNOWLEDGE_REVIEWERS = ["administrator", "supervisor"] as const;
const KNOWLEDGE_EDITORS = ["administrator", "supervisor", "department_handler", "department_lead"] as const;
const STATS = ["supervisor", "department_lead", "administrator"] as const;
const jsonProblem = (status: number): Outcome => ({ status, json: true });

/** The one table. Keys are the paths exactly as app/routes.ts spells them. */
const EXPECTED: Record<string, Row> = {
  // Signed out the front page and /login are the sign-in page; signed in they forward to the role's home.
  "/": { get: { ...all({ status: 302, location: (who) => homePathFor([who as StaffRole]) }), "signed-out": 200 } },
  "/login": { get: { ...all({ status: 302, location: (who) => homePathFor([who as StaffRole]) }), "signed-out": 200 } },
  "/logout": { get: all({ status: 302, location: "/" }) }, // GET only goes home; sign-out is a POST.
  "/report": { get: all(200) },
  "/status": { get: all(200) },
  "/rate/:token": { get: all(404) }, // a token that was never issued: the "invalid link" page
  "/kb": { query: "?q=路灯", get: all(200) },
  "/kb/:id": { get: all(200) }, // a published public article
  "/open311/v2/services.json": { get: all(200) },
  "/open311/v2/services/:file": { get: all(200) },
  "/open311/v2/requests.json": { get: all(200) },
  "/open311/v2/requests/:file": { get: all(200) },
  "/open311/v2/services.xml": { get: all(jsonProblem(400)) }, // JSON only
  "/open311/v2/requests.xml": { get: all(jsonProblem(400)) },
  "/api/kb/search": { query: "?q=路灯", get: all({ status: 200, json: true }) },
  // Key-authenticated: a staff session is not a key.
  "/api/export/tickets": { get: all(jsonProblem(401)) },
  "/api/dispatch/suggest": {
    get: all(jsonProblem(405)),
    post: {
      body: { text: "小区门口路灯不亮" },
      outcome: {
        ...Object.fromEntries(ROLES.map((r) => [r, ["dispatcher", "operator", "supervisor"].includes(r) ? { status: 200, json: true } : jsonProblem(403)])),
        "signed-out": jsonProblem(401),
      } as Record<Who, Outcome>,
    },
  },
  "/api/tickets/similar": { query: "?title=小区门口夜间噪音", get: guarded(["operator", "dispatcher", "supervisor"], { operator: { status: 200, json: true }, dispatcher: { status: 200, json: true }, supervisor: { status: 200, json: true } }) },
  "/tickets/export.csv": { get: guarded(TICKET_STAFF) },
  "/stats/export.csv": { get: guarded(STATS) },
  "/stats/export.xlsx": { get: guarded(STATS) },
  "/stats/report": { get: guarded(STATS) },
  "/notifications/unread": { get: { ...all({ status: 200, json: true }), "signed-out": jsonProblem(401) } },
  "/tickets/:id/attachments/:attachmentId": { get: all(0), skip: "no attachment fixture (downloads are covered by citizen-open311.test.ts and department-isolation.test.ts)" },
  // The workspace layout: signed out → sign in, whatever the page.
  "/home": { get: guarded(EVERYONE) },
  "/intake": { get: guarded(["operator"]) },
  "/intake/history": { query: "?phone=13900001111", get: guarded(["operator"], { operator: { status: 200, json: true } }) },
  "/intake/calls": { get: guarded(["operator"], { operator: { status: 200, json: true } }) },
  "/intake/calls/events": { get: guarded(["operator"]) }, // a server-sent event stream: status only
  "/call-simulator": { get: guarded(EVERYONE) }, // the simulator on PGlite: every staff member
  "/hotline-figures": { get: guarded(["supervisor", "administrator"]) },
  "/dispatch": { get: guarded(["dispatcher"]) },
  "/supervision/hotspots": { get: guarded(["supervisor"]) },
  "/supervision/verifications": { get: guarded(["supervisor"]) },
  "/callbacks": { get: guarded(["operator"]) },
  "/department": { get: guarded(["department_handler", "department_lead"]) },
  "/tickets": { get: guarded(["operator", "dispatcher", "supervisor"]) },
  // The fixture ticket is not dispatched yet: department staff do not see it (404, not 403).
  "/tickets/:id": { get: guarded(TICKET_STAFF, { department_handler: 404, department_lead: 404 }) },
  "/tickets/:id/attachments": { get: guarded(TICKET_STAFF) },
  "/knowledge": { get: guarded(KNOWLEDGE) },
  "/knowledge/new": { get: guarded(KNOWLEDGE_EDITORS) },
  "/knowledge/synonyms": { get: guarded(KNOWLEDGE_REVIEWERS) },
  "/knowledge/:id": { get: guarded(KNOWLEDGE) }, // published, so every knowledge user reads it
  "/knowledge/:id/edit": { get: guarded(KNOWLEDGE_EDITORS) }, // the article belongs to CGJ, the demo department
  "/knowledge/:id/history": { get: guarded(KNOWLEDGE) },
  "/supervision": { get: guarded(["supervisor", "department_lead"]) },
  "/supervision/records/:id": { get: all(0), skip: "no supervision notice fixture (covered by supervision.test.ts)" },
  "/tickets/:id/supervision": { get: guarded(["supervisor"]) },
  "/notifications": { get: guarded(EVERYONE) },
  "/stats": { get: guarded(STATS) },
  // The lead sees only the own department's figures: CGJ, the demo department, is the fixture.
  "/stats/tickets": { query: "?department=:cgj", get: guarded(STATS) },
  "/admin": { get: guarded(ADMIN) },
  "/admin/departments": { get: guarded(ADMIN) },
  "/admin/departments/new": { get: guarded(ADMIN) },
  "/admin/departments/:id": { get: guarded(ADMIN) },
  "/admin/users": { get: guarded(ADMIN) },
  "/admin/users/new": { get: guarded(ADMIN) },
  "/admin/users/:id": { get: guarded(ADMIN) },
  "/admin/audit": { get: guarded(ADMIN) },
  "/admin/time-limits": { get: guarded(ADMIN) },
  "/admin/calendar": { get: guarded(ADMIN) },
  "/admin/routing": { get: guarded(ADMIN) },
  "/admin/categories": { get: guarded(ADMIN) },
  "/admin/settings": { get: guarded(ADMIN) },
  "/admin/ratings": { get: guarded(ADMIN) },
  "/admin/stats-definitions": { get: guarded(ADMIN) },
  "/admin/telephony": { get: guarded(ADMIN) },
  "/admin/supervision-rules": { get: guarded(ADMIN) },
  "/admin/jobs": { get: guarded(ADMIN) },
  "/admin/outbox": { get: guarded(ADMIN) },
};

const paths = routePaths();

it("has exactly one row per route in app/routes.ts (add a row when you add a route)", () => {
  const missing = paths.filter((p) => !(p in EXPECTED));
  const stale = Object.keys(EXPECTED).filter((p) => !paths.includes(p));
  expect(missing, "routes without an expectation in EXPECTED").toEqual([]);
  expect(stale, "EXPECTED rows for routes that no longer exist").toEqual([]);
  // A sanity check that the walk found the whole tree, nested layouts and prefixes included.
  expect(paths).toEqual(expect.arrayContaining(["/", "/admin", "/admin/users/:id", "/tickets/:id", "/open311/v2/requests/:file"]));
});

describe("route × role access matrix (PGlite)", () => {
  let server: RunningServer;
  const clients = new Map<Who, Client>();
  /** Values for the dynamic segments, from fixtures made through the app's own pages. */
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startServer();
    for (const account of demoAccounts) {
      const client = new Client(server.baseUrl);
      expect((await client.signIn(account.username, DEMO_PASSWORD)).status, `${account.username} signs in`).toBe(302);
      clients.set(account.role, client);
    }
    clients.set("signed-out", new Client(server.baseUrl));
    const as = (who: StaffRole) => clients.get(who)!;

    // A ticket, through the intake form as the operator; classified, so Open311 shows it too.
    const intakePage = await (await as("operator").get("/intake")).text();
    const noise = /<option value="(\d+)"[^>]*>噪声扰民<\/option>/.exec(intakePage)![1]!;
    const intake = await as("operator").post("/intake", {
      channel: "phone",
      citizenPhone: "13900001111",
      citizenName: "王先生",
      requestType: "complaint",
      urgency: "normal",
      categoryId: noise,
      title: "小区门口夜间噪音",
      description: "每天夜里十一点以后仍有施工噪音，影响休息。",
      address: "卫东区建设路 8 号",
      area: "",
    });
    const intakeHtml = await intake.text();
    expect(intake.status, intakeHtml.slice(0, 500)).toBe(200);
    ids.ticket = /href="\/tickets\/(\d+)">查看工单</.exec(intakeHtml)![1]!;
    ids.ticketNumber = /class="ticket-number">(\d+)</.exec(intakeHtml)![1]!;

    // Ids of a department (CGJ, the demo department) and a user, from the admin's pages.
    const departmentsPage = await (await as("administrator").get("/admin/departments")).text();
    ids.cgj = /\/admin\/departments\/(\d+)/.exec(departmentsPage.slice(departmentsPage.indexOf("<code>CGJ</code>")))![1]!;
    const usersPage = await (await as("administrator").get("/admin/users")).text();
    ids.user = /href="\/admin\/users\/([a-z0-9]+)"/.exec(usersPage)![1]!;

    // A public article of CGJ, created and published by the administrator (a reviewer).
    const created = await as("administrator").post("/knowledge/new", { type: "faq", title: "路灯不亮怎么报修", body: "拨打 12345 或在网上提交。", departmentId: ids.cgj, visibility: "public", reviewBy: "" });
    expect(created.status, "article created").toBe(302);
    ids.article = /\/knowledge\/(\d+)$/.exec(created.headers.get("location")!)![1]!;
    expect((await as("administrator").post(`/knowledge/${ids.article}`, { intent: "publish", note: "" })).status, "article published").toBe(200);
  });
  afterAll(() => server?.stop());

  /** The path with its dynamic segments filled in, plus the row's query. */
  const concrete = (path: string, row: Row) =>
    path
      .replace("/rate/:token", "/rate/not-a-real-token-0123456789")
      .replace("/kb/:id", `/kb/${ids.article}`)
      .replace("/knowledge/:id", `/knowledge/${ids.article}`)
      .replace("/tickets/:id", `/tickets/${ids.ticket}`)
      .replace("/services/:file", "/services/0101.json")
      .replace("/requests/:file", `/requests/${ids.ticketNumber}.json`)
      .replace("/departments/:id", `/departments/${ids.cgj}`)
      .replace("/users/:id", `/users/${ids.user}`) + (row.query ?? "").replace(":cgj", ids.cgj ?? "");

  async function check(who: Who, method: string, url: string, outcome: Outcome, response: Response) {
    const label = `${who} ${method} ${url}`;
    const want = typeof outcome === "number" ? { status: outcome } : outcome;
    expect(response.status, `${label}: no 5xx`).toBeLessThan(500);
    expect(response.status, label).toBe(want.status);
    if (want.location !== undefined) {
      const location = typeof want.location === "function" ? want.location(who) : want.location;
      expect(response.headers.get("location") ?? "", `${label} redirects`).toMatch(new RegExp(`^${location.replace(/[?.*+()[\]\\^$|{}]/g, "\\$&")}`));
    }
    if (want.json) expect(response.headers.get("content-type") ?? "", `${label} answers JSON`).toMatch(/^application\/json/);
    // Nothing else is read; an event stream never ends, so every body is let go.
    await response.body?.cancel();
  }

  const requested = paths.filter((p) => !EXPECTED[p]?.skip);
  const skipped = paths.filter((p) => EXPECTED[p]?.skip);

  it.each(requested)("GET %s answers as the table says for signed-out and every role", async (path) => {
    const row = EXPECTED[path]!;
    const url = concrete(path, row);
    expect(url, "every dynamic segment has a fixture").not.toMatch(/\/:/);
    for (const who of ["signed-out", ...ROLES] as Who[]) {
      await check(who, "GET", url, row.get[who], await clients.get(who)!.get(url));
    }
  });

  it.each(requested.filter((p) => EXPECTED[p]!.post))("POST %s (JSON API) answers 401/403/200 as the table says", async (path) => {
    const row = EXPECTED[path]!;
    const url = concrete(path, row);
    for (const who of ["signed-out", ...ROLES] as Who[]) {
      const response = await fetch(new URL(url, server.baseUrl), {
        method: "POST",
        body: JSON.stringify(row.post!.body),
        redirect: "manual",
        headers: { "content-type": "application/json", origin: server.baseUrl, ...(clients.get(who)!.cookie ? { cookie: clients.get(who)!.cookie! } : {}) },
      });
      await check(who, "POST", url, row.post!.outcome[who], response);
    }
  });

  it("lists the dynamic routes it does not request, each with a reason", () => {
    for (const path of skipped) expect(EXPECTED[path]!.skip!.length, path).toBeGreaterThan(10);
    expect(skipped.sort()).toEqual(["/supervision/records/:id", "/tickets/:id/attachments/:attachmentId"]);
  });
});
