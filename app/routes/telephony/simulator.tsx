import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { desc } from "drizzle-orm";
import { formText, readForm } from "~/app/form.server";
import { formatDateTime, messages } from "~/app/i18n";
import { requireSimulatorUser } from "~/app/telephony.server";
import { calls } from "~/db/schema";
import { maskPhone } from "~/domain/privacy";
import { listRecentSms } from "~/domain/telephony/sms";
import { sendSignedWebhook, simulatedSid } from "~/telephony/simulator";

export const meta: MetaFunction = () => [{ title: `${messages.telephony.simulator.title} · ${messages.appShortName}` }];

const CALL_STATUSES = ["ringing", "in-progress", "completed", "busy", "no-answer", "failed", "canceled"];
const SMS_STATUSES = ["queued", "sent", "delivered", "undelivered", "failed"];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireSimulatorUser(request, context);
  const { db, telephony } = context.services;
  const [recentCalls, recentSms] = await Promise.all([db.select().from(calls).orderBy(desc(calls.id)).limit(15), listRecentSms(db, 15)]);
  // Numbers are masked here as everywhere: with a real account these are real callers.
  return {
    recentCalls: recentCalls.map((call) => ({ ...call, fromNumber: maskPhone(call.fromNumber) })),
    recentSms: recentSms.map((sms) => ({ ...sms, fromNumber: maskPhone(sms.fromNumber), toNumber: maskPhone(sms.toNumber) })),
    realToken: telephony.config.authToken !== "simulator", hotline: telephony.config.phoneNumber };
}

/** Only our own webhook paths may be the target of a simulated keypress (taken from the last Gather). */
function webhookPath(value: string, fallback: string) {
  const path = value ? new URL(value, "http://x").pathname + new URL(value, "http://x").search : fallback;
  return path.startsWith("/telephony/") ? path : fallback;
}

/**
 * Each button is one request Twilio would send. It is signed with the twilio library and posted
 * to this very server (the address this page was loaded from), through the same /telephony/*
 * endpoints a real call uses.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  requireSimulatorUser(request, context);
  const { telephony } = context.services;
  const form = await readForm(request);
  const own = new URL(request.url).origin;
  const callSid = formText(form, "callSid") || simulatedSid("CA");
  const from = formText(form, "from") || "+8613800001234";
  const hotline = telephony.config.phoneNumber;
  const send = (path: string, params: Record<string, string>) => sendSignedWebhook(telephony, own, path, params);
  const callParams = { CallSid: callSid, From: from, To: hotline, AccountSid: "ACsimulator", Direction: "inbound" };
  const intent = formText(form, "intent");
  let result: { status: number; body: string };
  switch (intent) {
    case "call":
      result = await send("/telephony/voice", { ...callParams, CallStatus: "ringing" });
      break;
    case "digits":
      result = await send(webhookPath(formText(form, "actionPath"), "/telephony/voice/menu"), { ...callParams, CallStatus: "in-progress", Digits: formText(form, "digits") });
      break;
    case "speech":
      result = await send(webhookPath(formText(form, "actionPath"), "/telephony/voice/menu"), { ...callParams, CallStatus: "in-progress", SpeechResult: formText(form, "speech"), Confidence: "0.9" });
      break;
    case "wait":
      result = await send("/telephony/voice/queue-wait", { ...callParams, CallStatus: "in-progress", QueuePosition: "1", QueueTime: formText(form, "queueTime") || "0", CurrentQueueSize: "1" });
      break;
    case "leave":
      result = await send("/telephony/voice/queue-exit", { ...callParams, CallStatus: "in-progress", QueueResult: "leave", QueueTime: "0" });
      break;
    case "record": {
      const recordingSid = simulatedSid("RE");
      result = await send("/telephony/voice/recording", {
        CallSid: callSid,
        AccountSid: "ACsimulator",
        RecordingSid: recordingSid,
        RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/ACsimulator/Recordings/${recordingSid}`,
        RecordingStatus: "completed",
        RecordingDuration: "15",
      });
      break;
    }
    case "status":
      result = await send("/telephony/voice/status", { ...callParams, CallStatus: formText(form, "status"), CallDuration: "60" });
      break;
    case "sms":
      result = await send("/telephony/sms", { MessageSid: simulatedSid("SM"), From: from, To: hotline, Body: formText(form, "body"), AccountSid: "ACsimulator" });
      break;
    case "sms-status":
      result = await send("/telephony/sms/status", { MessageSid: formText(form, "messageSid"), MessageStatus: formText(form, "status"), AccountSid: "ACsimulator" });
      break;
    default:
      throw new Response("Bad Request", { status: 400 });
  }
  // The next keypress goes where the last Gather said (menu steps carry their state in the URL).
  const actionPath = /<Gather[^>]*action="([^"]+)"/.exec(result.body)?.[1]?.replaceAll("&amp;", "&") ?? "";
  return { callSid, from, intent, result, actionPath: actionPath ? webhookPath(actionPath, "") : "" };
}

export default function CallSimulator() {
  const { recentCalls, recentSms, realToken, hotline } = useLoaderData<typeof loader>();
  const last = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = messages.telephony.simulator;
  const c = messages.telephony.callColumns;
  const callSid = last?.callSid ?? "";
  const from = last?.from ?? "+8613800001234";
  const hidden = (
    <>
      <input type="hidden" name="callSid" value={callSid} />
      <input type="hidden" name="from" value={from} />
      <input type="hidden" name="actionPath" value={last?.actionPath ?? ""} />
    </>
  );
  return (
    <>
      <h1>{t.title}</h1>
      <p className="muted">{t.intro}</p>
      <p className="muted small">
        {t.tokenNote(realToken)} {hotline} · <Link to="/hotline-figures">{t.figuresLink}</Link>
      </p>

      <section className="panel">
        <h2>{t.newCall}</h2>
        <Form method="post" className="form-inline">
          <input type="hidden" name="intent" value="call" />
          <label>
            {t.from}
            <input name="from" defaultValue={from} maxLength={20} />
          </label>
          <button type="submit" className="button primary" disabled={busy}>
            {t.start}
          </button>
        </Form>
      </section>

      {callSid && last?.intent !== "sms" && last?.intent !== "sms-status" ? (
        <section className="panel" data-testid="simulated-call">
          <h2>
            {t.call} <span className="small">{callSid}</span>
          </h2>
          <Form method="post" className="form-inline">
            {hidden}
            <input type="hidden" name="intent" value="digits" />
            <label>
              {t.press}
              <input name="digits" className="short" maxLength={30} inputMode="numeric" />
            </label>
            <button type="submit" className="button" disabled={busy}>
              {t.pressKeys}
            </button>
          </Form>
          <Form method="post" className="form-inline">
            {hidden}
            <input type="hidden" name="intent" value="speech" />
            <label>
              {t.speech}
              <input name="speech" maxLength={100} defaultValue="我要投诉" />
            </label>
            <button type="submit" className="button" disabled={busy}>
              {t.sendSpeech}
            </button>
          </Form>
          <Form method="post" className="form-inline">
            {hidden}
            <input type="hidden" name="intent" value="wait" />
            <label>
              {t.queueTime}
              <input name="queueTime" type="number" min={0} defaultValue={0} className="tiny" />
            </label>
            <button type="submit" className="button" disabled={busy}>
              {t.waitInQueue}
            </button>
          </Form>
          <p className="form-inline">
            {(
              [
                ["leave", t.leaveQueue],
                ["record", t.record],
              ] as const
            ).map(([intent, label]) => (
              <Form method="post" key={intent}>
                {hidden}
                <input type="hidden" name="intent" value={intent} />
                <button type="submit" className="button" disabled={busy}>
                  {label}
                </button>
              </Form>
            ))}
          </p>
          <Form method="post" className="form-inline">
            {hidden}
            <input type="hidden" name="intent" value="status" />
            <label>
              {t.status}
              <select name="status" defaultValue="completed">
                {CALL_STATUSES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
            <button type="submit" className="button" disabled={busy}>
              {t.sendStatus}
            </button>
          </Form>
        </section>
      ) : null}

      <section className="panel">
        <h2>{t.sms}</h2>
        <Form method="post" className="form-inline">
          <input type="hidden" name="intent" value="sms" />
          <label>
            {t.from}
            <input name="from" defaultValue={from} maxLength={20} />
          </label>
          <label>
            {t.smsBody}
            <input name="body" maxLength={300} defaultValue="退订" />
          </label>
          <button type="submit" className="button" disabled={busy}>
            {t.sendSms}
          </button>
        </Form>
      </section>

      {last ? (
        <section className="panel" aria-live="polite">
          <h2>{t.lastResponse}</h2>
          <p>
            {t.httpStatus}: <strong data-testid="simulator-status">{last.result.status}</strong>
          </p>
          <pre className="small pre-wrap" data-testid="simulator-body">
            {last.result.body}
          </pre>
        </section>
      ) : null}

      <section className="panel">
        <h2>{t.recentCalls}</h2>
        {recentCalls.length === 0 ? (
          <p className="muted small">{t.noCalls}</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th>{c.started}</th>
                <th>{c.from}</th>
                <th>{c.status}</th>
                <th>{c.queue}</th>
                <th>{c.ticket}</th>
              </tr>
            </thead>
            <tbody>
              {recentCalls.map((call) => (
                <tr key={call.id}>
                  <td>{formatDateTime(call.startedAt)}</td>
                  <td>{call.fromNumber}</td>
                  <td>{call.status}</td>
                  <td>{call.queueResult ? c.queueResults[call.queueResult] : "—"}</td>
                  <td>{call.ticketId ? <Link to={`/tickets/${call.ticketId}`}>#{call.ticketId}</Link> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel">
        <h2>{t.recentSms}</h2>
        {recentSms.length === 0 ? (
          <p className="muted small">{t.noSms}</p>
        ) : (
          <table className="data-table">
            <tbody>
              {recentSms.map((sms) => (
                <tr key={sms.id}>
                  <td>{formatDateTime(sms.createdAt)}</td>
                  <td>{t.direction[sms.direction]}</td>
                  <td>{sms.direction === "inbound" ? sms.fromNumber : sms.toNumber}</td>
                  <td>{sms.body}</td>
                  <td>
                    {sms.status}
                    {sms.simulated ? ` · ${t.simulated}` : ""}
                  </td>
                  <td>
                    {sms.direction === "outbound" ? (
                      <Form method="post" className="form-inline">
                        <input type="hidden" name="intent" value="sms-status" />
                        <input type="hidden" name="messageSid" value={sms.sid} />
                        <select name="status" defaultValue="delivered" aria-label={t.smsStatus}>
                          {SMS_STATUSES.map((s) => (
                            <option key={s}>{s}</option>
                          ))}
                        </select>
                        <button type="submit" className="button" disabled={busy}>
                          {t.smsStatus}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
