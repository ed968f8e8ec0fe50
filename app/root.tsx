import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { locale, messages } from "~/app/i18n";
import { useNonce } from "~/app/nonce";
import stylesheet from "~/app/styles/app.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = () => [{ title: messages.appName }];

export function Layout({ children }: { children: ReactNode }) {
  // The Content-Security-Policy nonce of this response (server/csp.ts); "" in the browser.
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  return (
    <main className="page-center">
      <ErrorPanel error={error} />
    </main>
  );
}

/** The message a person sees for a thrown response or crash; shared by the workspace boundary. */
export function ErrorPanel({ error }: { error: unknown }) {
  const t = messages.errors;
  let title = t.serverTitle;
  let body = t.server;
  if (isRouteErrorResponse(error)) {
    if (error.status === 403) [title, body] = [t.forbiddenTitle, t.forbidden];
    else if (error.status === 404) [title, body] = [t.notFoundTitle, t.notFound];
    else if (error.status === 400) [title, body] = [t.badRequestTitle, typeof error.data === "string" ? error.data : t.codes.invalid_input];
  }
  return (
    <section className="panel error-panel" role="alert">
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <a href="/">{messages.appShortName}</a>
      </p>
    </section>
  );
}
