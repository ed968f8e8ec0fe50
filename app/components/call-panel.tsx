import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { formatDateTime, messages } from "~/app/i18n";
import type { OperatorDeskView } from "~/app/telephony.server";
import { Softphone } from "./softphone";

/**
 * The operator's live desk: subscribes to /intake/calls/events (Server-Sent Events; the browser
 * reconnects by itself) and returns the latest view, or null before the first message.
 */
export function useOperatorDesk() {
  const [view, setView] = useState<OperatorDeskView | null>(null);
  const [connected, setConnected] = useState(true);
  useEffect(() => {
    const source = new EventSource("/intake/calls/events");
    source.addEventListener("desk", (event) => {
      setView(JSON.parse((event as MessageEvent<string>).data) as OperatorDeskView);
      setConnected(true);
    });
    source.onerror = () => setConnected(false);
    return () => source.close();
  }, []);
  return { view, connected };
}

async function postCallAction(fields: Record<string, string>) {
  const response = await fetch("/intake/calls", { method: "POST", body: new URLSearchParams(fields), headers: { accept: "application/json" } });
  const body = (await response.json().catch(() => null)) as { notice?: string | null; error?: { message: string } } | null;
  return body?.error?.message ?? body?.notice ?? null;
}

/** Status buttons, the connected call (screen pop), the caller's tickets and one-click transfers. */
export function CallPanel({ view, connected }: { view: OperatorDeskView | null; connected: boolean }) {
  const t = messages.telephony.desk;
  const [notice, setNotice] = useState<string | null>(null);
  const act = (fields: Record<string, string>) => void postCallAction(fields).then(setNotice);
  const status = view?.status ?? "offline";
  const call = view?.call ?? null;
  return (
    <section className="panel call-panel" aria-labelledby="call-panel-title" data-testid="call-panel">
      <h2 id="call-panel-title">{t.title}</h2>
      <p className="form-inline">
        <span>
          {t.statusLabel}：<strong data-testid="operator-status">{t.statuses[status]}</strong>
        </span>
        {status === "available" ? (
          <button type="button" className="button" onClick={() => act({ intent: "offline" })}>
            {t.goOffline}
          </button>
        ) : (
          <button type="button" className="button primary" onClick={() => act({ intent: "available" })}>
            {status === "busy" ? t.finishCall : t.goAvailable}
          </button>
        )}
        <Link to="/call-simulator" className="small" target="_blank" rel="noreferrer">
          {t.simulatorLink}
        </Link>
      </p>
      <Softphone />
      {!connected ? <p className="muted small">{t.liveUnavailable}</p> : null}
      {notice ? (
        <p className="notice small" role="status">
          {notice}
        </p>
      ) : null}
      {call ? (
        <div className="incoming-call" role="alert" data-testid="incoming-call">
          <p>
            <strong>{t.incoming}</strong>
          </p>
          <dl className="facts">
            <dt>{t.caller}</dt>
            <dd data-testid="caller-number">{call.caller ?? t.withheld}</dd>
            <dt>{t.connectedAt}</dt>
            <dd>{call.connectedAt ? formatDateTime(call.connectedAt) : "—"}</dd>
            <dt>{t.menuChoice}</dt>
            <dd>{call.menuChoice ? (t.menuChoices[call.menuChoice] ?? call.menuChoice) : "—"}</dd>
            <dt>{t.callSid}</dt>
            <dd className="small">{call.callSid}</dd>
            {call.ticketId ? (
              <>
                <dt>{t.linkedTicket}</dt>
                <dd>
                  <Link to={`/tickets/${call.ticketId}`}>#{call.ticketId}</Link>
                </dd>
              </>
            ) : null}
          </dl>
          <h3>{t.earlierTickets}</h3>
          {view!.earlierTickets.length === 0 ? (
            <p className="muted small">{t.noEarlierTickets}</p>
          ) : (
            <ol className="history-list" data-testid="caller-tickets">
              {view!.earlierTickets.map((ticket) => (
                <li key={ticket.id}>
                  <Link to={`/tickets/${ticket.id}`} target="_blank" rel="noreferrer">
                    {ticket.number}
                  </Link>
                  <span className={`state state-${ticket.state}`}>{ticket.stateLabel}</span>
                  {ticket.open ? <strong className="small"> {t.openTickets}</strong> : null}
                  <span className="muted small">{formatDateTime(ticket.createdAt)}</span>
                  <span className="history-title">{ticket.title}</span>
                </li>
              ))}
            </ol>
          )}
          <p className="muted small">{t.formLinked}</p>
          <h3>{t.transferTitle}</h3>
          <p className="form-inline">
            {view!.transferTargets.map((target) => (
              <button key={target.number} type="button" className="button" onClick={() => act({ intent: "transfer", callId: String(call.id), number: target.number })}>
                {t.transfer(target.label)}
              </button>
            ))}
          </p>
          {view!.simulated ? <p className="muted small">{t.transferSimulated}</p> : null}
        </div>
      ) : (
        <p className="muted small">{t.noCall}</p>
      )}
    </section>
  );
}
