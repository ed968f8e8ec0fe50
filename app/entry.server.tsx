import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "~/app/nonce";

const ABORT_DELAY = 5_000;

/**
 * Remix's default Node entry, plus the Content-Security-Policy nonce: every inline script of the
 * document (Remix's hydration data and the streamed single-fetch chunks, React's own streaming
 * scripts, <Scripts> and <ScrollRestoration> in app/root.tsx) carries this response's nonce, the
 * one the policy header names.
 */
export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  const nonce = loadContext.cspNonce;
  // Crawlers and SPA mode get the whole document at once; browsers get the shell first.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // A render still unfinished after ABORT_DELAY is aborted. A finished one lets go of its timer:
    // the timer holds the whole render (React's state, the loader data, the request), and left to
    // run it kept every page of the last five seconds alive, promoted into the old generation.
    // Under the load run that made every young-generation collection copy those pages, 5–7 ms each
    // several times a second (docs/decisions/0011-city-scale.md).
    const abortTimer = setTimeout(() => abort(), ABORT_DELAY);
    const ready = () => {
      shellRendered = true;
      const body = new PassThrough();
      responseHeaders.set("Content-Type", "text/html");
      resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady() {
          clearTimeout(abortTimer);
          if (waitForAll) ready();
        },
        onShellReady: waitForAll ? undefined : ready,
        onShellError(error: unknown) {
          clearTimeout(abortTimer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors in the shell reject and are logged by Remix; later ones only reach us here.
          if (shellRendered) loadContext.services.logger.error("streaming render failed", { url: request.url, error });
        },
      },
    );
  });
}
