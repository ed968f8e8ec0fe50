import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { messages } from "~/app/i18n";

/** Often enough to feel live, rare enough that a full centre of open tabs is a trivial load. */
export const BELL_POLL_MS = 12_000;

/**
 * The header's bell: a link to /notifications with the unread count. The count starts from the
 * page's data and is refreshed by polling /notifications/unread with plain fetch — paused while
 * the tab is hidden, refreshed at once when it comes back. A failed poll keeps the last count.
 */
export function NotificationBell({ initialUnread }: { initialUnread: number }) {
  const [unread, setUnread] = useState(initialUnread);
  // The page's own data is newer after a navigation or after marking notifications read.
  useEffect(() => setUnread(initialUnread), [initialUnread]);

  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const poll = async () => {
      try {
        const response = await fetch("/notifications/unread", { headers: { accept: "application/json" }, credentials: "same-origin" });
        if (!response.ok) return;
        const body = (await response.json()) as { unread?: unknown };
        if (typeof body.unread === "number") setUnread(body.unread);
      } catch {
        // Offline or the server restarting: try again on the next tick.
      }
    };
    const start = () => {
      if (timer === undefined) timer = setInterval(poll, BELL_POLL_MS);
    };
    const stop = () => {
      clearInterval(timer);
      timer = undefined;
    };
    const onVisibility = () => {
      if (document.hidden) return stop();
      void poll();
      start();
    };
    if (!document.hidden) start();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      stop();
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, []);

  const label = messages.supervision.notifications.bellLabel(unread);
  return (
    <Link to="/notifications" className="notification-bell" aria-label={label} title={label}>
      {/* Drawn, not an emoji: the centre's machines may have no emoji font. */}
      <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread > 0 ? (
        <span aria-hidden="true" className="unread-count" data-unread={unread}>
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
      <span aria-live="polite" className="visually-hidden">
        {label}
      </span>
    </Link>
  );
}
