import type { ReactNode } from "react";
import { messages } from "~/app/i18n";

const t = messages.citizen.layout;

/** The frame of the citizen pages: hotline name, links between them, no staff navigation. */
export function PublicLayout({ current, children }: { current: "report" | "status" | "kb"; children: ReactNode }) {
  return (
    <div className="workspace public-site">
      <a className="skip-link" href="#main">
        {messages.common.skipToContent}
      </a>
      <header className="topbar">
        <a className="brand" href="/report">
          {t.hotlineName}
        </a>
        <nav aria-label={t.navLabel} className="main-nav">
          <ul>
            <li>
              <a href="/report" className={current === "report" ? "active" : undefined} aria-current={current === "report" ? "page" : undefined}>
                {t.nav.report}
              </a>
            </li>
            <li>
              <a href="/status" className={current === "status" ? "active" : undefined} aria-current={current === "status" ? "page" : undefined}>
                {t.nav.status}
              </a>
            </li>
            <li>
              <a href="/kb" className={current === "kb" ? "active" : undefined} aria-current={current === "kb" ? "page" : undefined}>
                {messages.knowledge.pages.public.nav}
              </a>
            </li>
          </ul>
        </nav>
        <div className="who">
          <a href="/login" className="button link">
            {t.nav.staff}
          </a>
        </div>
      </header>
      <main id="main" className="content narrow" tabIndex={-1}>
        <p className="lead">{t.tagline}</p>
        {children}
        <p className="muted small">{t.footer}</p>
      </main>
    </div>
  );
}
