import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "~/db/client";
import { callRecordings, calls, departments, ratings, smsMessages, smsOptOuts, tickets } from "~/db/schema";
import { dispatchTicket, replyTicket, signTicket } from "~/domain/tickets/actions";
import { createTicket } from "~/domain/tickets/create-ticket";
import type { TicketActor } from "~/domain/tickets/access";
import type { StaffRole } from "~/domain/staff/roles";
import { systemClock } from "~/domain/clock";
import { openTestDatabase, type TestDatabase, testEngines } from "~/tests/helpers/databases";
import { twimlViolations } from "~/tests/helpers/twiml-check";
import { seedOnFirstStart } from "~/domain/setup/seed";
import { DEFAULT_IVR_PROMPTS, IVR_PROMPTS_SETTING, updateIvrPrompts } from "~/domain/telephony/telephony-settings";
import { createLogger } from "~/server/logger";
import { telephonyConfigFrom } from "./config";
import { createTelephonyServices } from "./services";
import { signForm } from "./signature";
import { createTelephonyRouter } from "./webhook-router";

const TOKEN = "test-auth-token-0123456789abcdef";
const PUBLIC_URL = new URL("https://hotline.example.gov.cn");
const quietLogger = createLogger("error", () => {});
const sid = (prefix: string, n: number) => `${prefix}${String(n).padStart(32, "0")}`;

/** The router in-process on a free port, answering as if it were PUBLIC_URL. */
async function serve(db: Database) {
  const telephony = await createTelephonyServices(telephonyConfigFrom({ TWILIO_AUTH_TOKEN: TOKEN }, false), PUBLIC_URL, db, systemClock);
  const app = express();
  app.use("/telephony", createTelephonyRouter({ db, clock: systemClock, telephony }, quietLogger));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  /** Posts a form signed for `signedPath` (default: the path it is sent to). */
  const post = (path: string, params: Record<string, string>, options: { signedPath?: string; signature?: string | null; token?: string } = {}) => {
    const signature = options.signature === undefined ? signForm(options.token ?? TOKEN, `${PUBLIC_URL.origin}${options.signedPath ?? path}`, params) : options.signature;
    return fetch(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...(signature ? { "x-twilio-signature": signature } : {}) },
      body: new URLSearchParams(params),
    });
  };
  return { server, post };
}

const callParams = (n: number, status = "ringing") => ({ CallSid: sid("CA", n), From: "+8613800005678", To: "+8612345", CallStatus: status, AccountSid: "ACtest" });

/** One valid request per endpoint. */
const ENDPOINTS: [string, Record<string, string>][] = [
  ["/telephony/voice", callParams(90)],
  ["/telephony/voice/menu", { CallSid: sid("CA", 90), Digits: "1" }],
  ["/telephony/voice/queue-wait", { CallSid: sid("CA", 90), QueuePosition: "1", QueueTime: "3" }],
  ["/telephony/voice/queue-exit", { CallSid: sid("CA", 90), QueueResult: "leave" }],
  ["/telephony/voice/voicemail", { CallSid: sid("CA", 90) }],
  ["/telephony/voice/status", { ...callParams(90, "completed"), CallDuration: "10" }],
  ["/telephony/voice/recording", { CallSid: sid("CA", 90), RecordingSid: sid("RE", 90), RecordingUrl: "https://api.twilio.com/rec/1", RecordingStatus: "completed" }],
  ["/telephony/voice/fallback", { CallSid: sid("CA", 90), From: "+8613800005678", To: "+8612345" }],
  ["/telephony/sms", { MessageSid: sid("SM", 90), From: "+8613800005678", To: "+8612345", Body: "退订" }],
  ["/telephony/sms/status", { MessageSid: sid("SM", 90), MessageStatus: "delivered" }],
];

describe.each(testEngines)("Twilio webhooks on %s", (engine) => {
  let database: TestDatabase;
  let app: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await seedOnFirstStart(database, systemClock, { withDemoAccounts: false });
    app = await serve(database.db);
  });
  afterAll(async () => {
    app?.server.close();
    await database?.dispose();
  });

  const rowCounts = async () => {
    const n = async (table: typeof calls | typeof smsMessages | typeof smsOptOuts | typeof callRecordings | typeof tickets) => (await database.db.select({ n: count() }).from(table))[0]!.n;
    return { calls: await n(calls), sms: await n(smsMessages), optOuts: await n(smsOptOuts), recordings: await n(callRecordings), tickets: await n(tickets) };
  };

  it.each(ENDPOINTS)("%s refuses forged, missing and replayed signatures with 403 and writes nothing", async (path, params) => {
    const before = await rowCounts();
    expect((await app.post(path, params, { signature: null })).status).toBe(403);
    expect((await app.post(path, params, { token: "forged-token-0123456789abcdef" })).status).toBe(403);
    const otherPath = path === "/telephony/sms" ? "/telephony/sms/status" : "/telephony/sms";
    expect((await app.post(path, params, { signedPath: otherPath })).status).toBe(403);
    // Parameters changed after signing.
    const signature = signForm(TOKEN, `${PUBLIC_URL.origin}${path}`, params);
    expect((await app.post(path, { ...params, Digits: "9", Body: "x" }, { signature })).status).toBe(403);
    expect(await rowCounts()).toEqual(before);
  });

  it("answers 400 to a signed but malformed request", async () => {
    expect((await app.post("/telephony/voice", { CallSid: "not-a-sid", From: "x", To: "y", CallStatus: "ringing" })).status).toBe(400);
    expect((await app.post("/telephony/voice/status", { ...callParams(91), CallStatus: "exploded" })).status).toBe(400);
  });

  it("logs the same CallSid once, and callbacks in reverse order end in the right status", async () => {
    for (let k = 0; k < 2; k++) expect((await app.post("/telephony/voice", callParams(1))).status).toBe(200);
    for (const status of ["completed", "in-progress", "ringing"]) expect((await app.post("/telephony/voice/status", { ...callParams(1, status), CallDuration: "33" })).status).toBe(204);
    const rows = await database.db.select().from(calls);
    const mine = rows.filter((r) => r.callSid === sid("CA", 1));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.status).toBe("completed");
    expect(mine[0]!.durationSeconds).toBe(33);
  });

  it("voicemail after the wait: one ticket, however often the recording callback comes", async () => {
    await app.post("/telephony/voice", callParams(2));
    await app.post("/telephony/voice/menu", { CallSid: sid("CA", 2), Digits: "1" });
    const wait = await app.post("/telephony/voice/queue-wait", { CallSid: sid("CA", 2), QueuePosition: "1", QueueTime: "600" });
    expect(await wait.text()).toContain("<Leave/>");
    const exit = await app.post("/telephony/voice/queue-exit", { CallSid: sid("CA", 2), QueueResult: "leave" });
    expect(await exit.text()).toContain("<Record");
    const before = (await rowCounts()).tickets;
    const recording = { CallSid: sid("CA", 2), RecordingSid: sid("RE", 2), RecordingUrl: "https://api.twilio.com/rec/2", RecordingStatus: "completed", RecordingDuration: "12" };
    for (let k = 0; k < 3; k++) expect((await app.post("/telephony/voice/recording", recording)).status).toBe(204);
    expect((await rowCounts()).tickets).toBe(before + 1);
  });

  it("offers a caller who proved the query code a keypad rating of the reply, once per call", async () => {
    const [department] = await database.db.select().from(departments).limit(1);
    const actor = (role: StaffRole, departmentId: number | null = null): TicketActor => ({ id: null, label: role, ip: null, roles: [role], departmentId });
    const operator = actor("operator");
    const handler = actor("department_handler", department!.id);
    const ctx = (who: TicketActor) => ({ db: database.db, clock: systemClock, actor: who });
    const ticket = await createTicket(ctx(operator), { channel: "phone", requestType: "help", title: "井盖缺失", description: "人行道井盖缺失，存在安全隐患。", citizenPhone: "13800005678" });
    await dispatchTicket(ctx(actor("dispatcher")), ticket.id, { leadDepartmentId: department!.id });
    await signTicket(ctx(handler), ticket.id);
    await replyTicket(ctx(handler), ticket.id, "已补装井盖并设置警示。");

    const read = await app.post(`/telephony/voice/menu?step=progress-code&number=${ticket.number}`, { CallSid: sid("CA", 7), Digits: ticket.queryCode });
    const twiml = await read.text();
    expect(twimlViolations(twiml, "voice")).toEqual([]);
    const action = /action="([^"]*step=rate[^"]*)"/.exec(twiml)![1]!.replace(/&amp;/g, "&");
    const path = new URL(action).pathname + new URL(action).search;
    for (let k = 0; k < 2; k++) expect((await app.post(path, { CallSid: sid("CA", 7), Digits: "2" })).status).toBe(200);
    const given = await database.db.select().from(ratings).where(eq(ratings.ticketId, ticket.id));
    expect(given.map((r) => [r.level, r.channel])).toEqual([[2, "ivr"]]);
    // The ticket id in the URL is covered by the signature: another ticket's id is refused.
    expect((await app.post(path.replace(`ticket=${ticket.id}`, `ticket=${ticket.id + 1}`), { CallSid: sid("CA", 8), Digits: "5" }, { signedPath: path })).status).toBe(403);
    // A wrong query code reads nothing back and offers no rating.
    expect(await (await app.post(`/telephony/voice/menu?step=progress-code&number=${ticket.number}`, { CallSid: sid("CA", 9), Digits: "000000" })).text()).not.toContain("step=rate");
  });

  it("every TwiML answer parses as XML and uses only Twilio verbs and attributes", async () => {
    const voice: [string, Record<string, string>][] = [
      ["/telephony/voice", callParams(3)],
      ["/telephony/voice/menu", { CallSid: sid("CA", 3), Digits: "7" }],
      ["/telephony/voice/menu?tries=3", { CallSid: sid("CA", 3) }],
      ["/telephony/voice/menu", { CallSid: sid("CA", 3), SpeechResult: "我想查询办件进度" }],
      ["/telephony/voice/menu?step=progress-number", { CallSid: sid("CA", 3), Digits: "202603020001" }],
      ["/telephony/voice/menu?step=progress-code&number=202603020001", { CallSid: sid("CA", 3), Digits: "123456" }],
      ["/telephony/voice/menu", { CallSid: sid("CA", 3), Digits: "0" }],
      ["/telephony/voice/queue-wait", { CallSid: sid("CA", 3), QueuePosition: "2", QueueTime: "5" }],
      ["/telephony/voice/queue-exit", { CallSid: sid("CA", 3), QueueResult: "leave" }],
      ["/telephony/voice/queue-exit", { CallSid: sid("CA", 3), QueueResult: "hangup" }],
      ["/telephony/voice/voicemail", { CallSid: sid("CA", 3) }],
      ["/telephony/voice/fallback", { CallSid: sid("CA", 3), From: "+8613800005678" }],
    ];
    for (const [path, params] of voice) {
      const response = await app.post(path, params);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/xml/);
      expect(twimlViolations(await response.text(), "voice"), path).toEqual([]);
    }
    for (const body of ["1", "20260302000017", "START", "你好", "STOP"]) {
      const response = await app.post("/telephony/sms", { MessageSid: sid("SM", body.length * 7 + body.charCodeAt(0)), From: "+8613800005678", To: "+8612345", Body: body });
      expect(response.status, body).toBe(200);
      expect(twimlViolations(await response.text(), "messaging"), body).toEqual([]);
    }
    expect((await rowCounts()).optOuts).toBeGreaterThan(0);
  });

  it("a new call hears the prompts an administrator has just saved (they are cached between calls)", async () => {
    const greeting = async (n: number) => (await app.post("/telephony/voice", callParams(n))).text();
    expect(await greeting(20)).toContain(DEFAULT_IVR_PROMPTS.welcome);
    const admin = { db: database.db, clock: systemClock, actor: { id: null, label: "admin", ip: null } };
    await updateIvrPrompts(admin, { ...DEFAULT_IVR_PROMPTS, welcome: "您好，这里是测试热线。" });
    const changed = await greeting(21);
    expect(changed).toContain("您好，这里是测试热线。");
    expect(changed).not.toContain(DEFAULT_IVR_PROMPTS.welcome);
    expect(twimlViolations(changed, "voice")).toEqual([]);
    await updateIvrPrompts(admin, DEFAULT_IVR_PROMPTS);
    expect(await greeting(22)).toContain(DEFAULT_IVR_PROMPTS.welcome);
    // Saved behind this process's back (another web process, or psql): heard by the next call too.
    await database.db.execute(sql`update settings set value = jsonb_set(value, '{welcome}', '"另一进程保存的问候语。"') where key = ${IVR_PROMPTS_SETTING}`);
    expect(await greeting(23)).toContain("另一进程保存的问候语。");
    await updateIvrPrompts(admin, DEFAULT_IVR_PROMPTS);
  });
});

describe("the fallback URL", () => {
  it("answers valid TwiML while the database is unreachable (it never touches it)", async () => {
    const unreachable = new Proxy({} as Database, {
      get() {
        throw new Error("database unreachable");
      },
    });
    const telephony = await createTelephonyServices(telephonyConfigFrom({ TWILIO_AUTH_TOKEN: TOKEN }, false), PUBLIC_URL, unreachable, systemClock);
    const app = express();
    app.use("/telephony", createTelephonyRouter({ db: unreachable, clock: systemClock, telephony }, quietLogger));
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    try {
      const params = { CallSid: sid("CA", 99), From: "+8613800009999", To: "+8612345", CallStatus: "ringing" };
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const post = (path: string) =>
        fetch(`${base}${path}`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signForm(TOKEN, `${PUBLIC_URL.origin}${path}`, params) },
          body: new URLSearchParams(params),
        });
      const voice = await post("/telephony/voice");
      expect(voice.status).toBe(500);
      const fallback = await post("/telephony/voice/fallback");
      expect(fallback.status).toBe(200);
      const twiml = await fallback.text();
      expect(twimlViolations(twiml, "voice")).toEqual([]);
      expect(twiml).toContain("<Record");
      expect(twiml).toContain("fallback=1");
    } finally {
      server.close();
    }
  });
});
