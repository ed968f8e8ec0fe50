import { LOAD_PASSWORD } from "./fixtures";
import { REPORTS } from "./texts";
import { expectStatus, FORM_TYPE, formBody, type Judge, optionIds, pick, running, think, timed, type Traffic } from "./traffic";

/**
 * Staff think between page views and actions, in seconds: reading a ticket, typing what a caller
 * says, choosing a unit (real calls take minutes; this is a busy hour, not an average one).
 */
export const STAFF_THINK = [5, 15] as const;

/**
 * One signed-in member of staff with a session cookie of their own. Pages are requested as
 * documents (server-rendered in full, as on a first load or a reload) and forms are posted as a
 * browser without JavaScript posts them: the dearer of the two ways the app serves each.
 */
class StaffSession {
  private cookie = "";
  constructor(private readonly traffic: Traffic) {}

  async signIn(username: string) {
    const response = await this.traffic.client.send("POST", "/login", {
      headers: { origin: this.traffic.origin, "content-type": FORM_TYPE },
      body: formBody({ username, password: LOAD_PASSWORD }),
    });
    if (response.status !== 302 || !this.keepCookie(response.headers["set-cookie"])) throw new Error(`sign-in of ${username} failed: ${response.status}`);
  }

  async get(trafficClass: string, path: string) {
    const response = await timed(this.traffic, trafficClass, "GET", path, { headers: { cookie: this.cookie } }, expectStatus(200));
    this.keepCookie(response?.headers["set-cookie"]);
    return response;
  }

  async post(trafficClass: string, path: string, fields: Record<string, string>, judge: Judge) {
    const headers = { cookie: this.cookie, origin: this.traffic.origin, "content-type": FORM_TYPE };
    const response = await timed(this.traffic, trafficClass, "POST", path, { headers, body: formBody(fields) }, judge);
    this.keepCookie(response?.headers["set-cookie"]);
    return response;
  }

  /** The sliding session may hand out a fresh cookie; keeps it. */
  private keepCookie(setCookie: string[] | undefined) {
    const value = setCookie?.map((c) => /^hotline_session=([^;]+)/.exec(c)?.[1]).find(Boolean);
    if (value) this.cookie = `hotline_session=${value}`;
    return Boolean(value);
  }
}

/** Operators take calls: the intake desk, then a new ticket through its form. */
async function operator(traffic: Traffic, session: StaffSession) {
  let categories: string[] = [];
  let n = 0;
  while (running(traffic)) {
    const desk = await session.get("operator: GET /intake", "/intake");
    if (desk) categories = optionIds(desk.body, "categoryId");
    await think(traffic, STAFF_THINK);
    if (!running(traffic)) break;
    const report = pick(traffic, REPORTS);
    n += 1;
    const created = await session.post(
      "operator: POST /intake (new ticket)",
      "/intake",
      {
        channel: "phone",
        requestType: report.address ? "complaint" : "consultation",
        urgency: "normal",
        categoryId: categories.length ? pick(traffic, categories) : "",
        title: report.title,
        description: report.description,
        address: report.address,
        citizenName: "市民",
        citizenPhone: `139${String(Math.floor(traffic.random() * 1e8)).padStart(8, "0")}`,
      },
      (response) => (response.status === 200 && response.body.includes('class="query-code"') ? { kind: "ok" } : { kind: "error", detail: `${response.status} no receipt (#${n})` }),
    );
    const number = created && /class="ticket-number">([^<]+)</.exec(created.body)?.[1];
    const code = created && /class="query-code">([^<]+)</.exec(created.body)?.[1];
    if (number && code) traffic.receipts.add(number, code);
    await think(traffic, STAFF_THINK);
  }
}

/** Dispatchers work the queue: the list, one ticket's panel, then dispatch it to a unit. */
async function dispatcher(traffic: Traffic, session: StaffSession, departmentIds: readonly number[]) {
  while (running(traffic)) {
    const queue = await session.get("dispatcher: GET /dispatch (queue)", "/dispatch");
    const ids = queue ? [...queue.body.matchAll(/name="ticketIds"[^>]*value="(\d+)"/g)].map((m) => m[1]!) : [];
    await think(traffic, STAFF_THINK);
    if (!running(traffic) || ids.length === 0) continue;
    const ticketId = pick(traffic, ids);
    await session.get("dispatcher: GET /dispatch?ticket= (ticket panel)", `/dispatch?ticket=${ticketId}`);
    await think(traffic, STAFF_THINK);
    if (!running(traffic)) break;
    // Another dispatcher may have taken the same ticket meanwhile: the app answers 409, as it should.
    await session.post("dispatcher: POST /dispatch (dispatch)", "/dispatch", { intent: "dispatch", ticketId, leadDepartmentId: String(pick(traffic, departmentIds)) }, (response) =>
      response.status === 200 ? { kind: "ok" } : response.status === 409 ? { kind: "conflict" } : { kind: "error", detail: `${response.status} ${response.body.slice(0, 200)}` },
    );
    await think(traffic, STAFF_THINK);
  }
}

/** Department handlers read their inbox and open tickets from it. */
async function handler(traffic: Traffic, session: StaffSession) {
  while (running(traffic)) {
    const inbox = await session.get("handler: GET /department (inbox)", "/department");
    const ids = inbox ? [...inbox.body.matchAll(/href="\/tickets\/(\d+)"/g)].map((m) => m[1]!) : [];
    await think(traffic, STAFF_THINK);
    if (!running(traffic) || ids.length === 0) continue;
    await session.get("handler: GET /tickets/:id", `/tickets/${pick(traffic, ids)}`);
    await think(traffic, STAFF_THINK);
  }
}

/** Supervisors keep the supervision dashboard open and reload it. */
async function supervisor(traffic: Traffic, session: StaffSession) {
  while (running(traffic)) {
    await session.get("supervisor: GET /supervision", "/supervision");
    await think(traffic, STAFF_THINK);
  }
}

export type StaffRoleInLoad = "operator" | "dispatcher" | "department_handler" | "supervisor";

/** Signs a bench user in (not timed: it happens before the run) and returns their working loop. */
export async function staffMember(traffic: Traffic, username: string, role: StaffRoleInLoad, departmentIds: readonly number[]): Promise<() => Promise<void>> {
  const session = new StaffSession(traffic);
  await session.signIn(username);
  switch (role) {
    case "operator":
      return () => operator(traffic, session);
    case "dispatcher":
      return () => dispatcher(traffic, session, departmentIds);
    case "department_handler":
      return () => handler(traffic, session);
    case "supervisor":
      return () => supervisor(traffic, session);
  }
}
