import { Link } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { formatDateTime, messages } from "~/app/i18n";
import type { SimilarTicketEntry } from "~/app/routes/api/similar-tickets";

const LOOKUP_DELAY_MS = 500;
const MIN_TEXT_LENGTH = 4;

/**
 * Open tickets like the one being typed, looked up through /api/tickets/similar a moment after
 * typing stops. A plain fetch, not a router fetcher, for the same reason as the caller-history
 * lookup on the intake desk: it must stay independent of the form's submissions.
 */
export function useSimilarTickets() {
  const [current, setCurrent] = useState<SimilarTicketEntry[] | null>(null);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const inFlight = useRef<AbortController | null>(null);
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      inFlight.current?.abort();
    },
    [],
  );
  const lookUp = useCallback((form: HTMLFormElement | null) => {
    if (!form) return;
    clearTimeout(timer.current);
    inFlight.current?.abort();
    const data = new FormData(form);
    const field = (name: string) => String(data.get(name) ?? "").trim();
    const params = new URLSearchParams({ title: field("title"), description: field("description"), address: field("address"), area: field("area") });
    if ([...field("title"), ...field("description")].length < MIN_TEXT_LENGTH) {
      setCurrent(null);
      setLoading(false);
      return;
    }
    timer.current = setTimeout(() => {
      const controller = new AbortController();
      inFlight.current = controller;
      setLoading(true);
      fetch(`/api/tickets/similar?${params}`, { signal: controller.signal, headers: { accept: "application/json" } })
        .then((response) => (response.ok ? (response.json() as Promise<{ tickets: SimilarTicketEntry[] }>) : null))
        .then((body) => {
          if (controller.signal.aborted) return;
          setCurrent(body?.tickets ?? null);
          setLoading(false);
        })
        // A failed lookup shows nothing; the form is unaffected.
        .catch(() => {
          if (!controller.signal.aborted) setLoading(false);
        });
    }, LOOKUP_DELAY_MS);
  }, []);
  return { lookUp, current, loading };
}

export function SimilarTicketsPanel({ current, loading }: { current: SimilarTicketEntry[] | null; loading: boolean }) {
  const t = messages.dispatchSuggest.duplicates;
  return (
    <section className="panel similar-panel" aria-labelledby="similar-title" aria-live="polite" aria-busy={loading}>
      <h2 id="similar-title">{t.title}</h2>
      {loading ? (
        <p className="muted small">{t.loading}</p>
      ) : current === null ? (
        <p className="muted small">{t.prompt}</p>
      ) : current.length === 0 ? (
        <p className="muted small">{t.empty}</p>
      ) : (
        <>
          <ol className="history-list">
            {current.map((ticket) => (
              <li key={ticket.id}>
                <Link to={`/tickets/${ticket.id}`} target="_blank" rel="noreferrer">
                  {ticket.number}
                </Link>
                <span className="muted small">{t.similarity(ticket.score)}</span>
                <span className="muted small">
                  {ticket.stateLabel} · {formatDateTime(ticket.createdAt)}
                </span>
                <span className="history-title">{ticket.title}</span>
                {ticket.address || ticket.area ? <span className="muted small">{[ticket.area, ticket.address].filter(Boolean).join(" · ")}</span> : null}
              </li>
            ))}
          </ol>
          <p className="muted small">{t.intakeHint}</p>
        </>
      )}
    </section>
  );
}
