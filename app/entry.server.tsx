import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "~/app/nonce";

const ABORT_DELAY = 5_000;

/**
 * Remix's Node entry, with two changes:
 *
 * - The Content-Security-Policy nonce: every inline script of the document (Remix's hydration
 *   data and the streamed single-fetch chunks, React's own streaming scripts, <Scripts> and
 *   <ScrollRestoration> in app/root.tsx) carries this response's nonce, the one the policy header
 *   names.
 * - The whole document is rendered before any of it is sent, and sent as one body. No route
 *   defers data (every loader has finished before rendering starts), so streaming the shell first
 *   gained no time; it cost one socket write per 2 KB chunk React flushes and chunked encoding,
 *   each write a system call where a busy process can be descheduled (ADR 0011). One body with
 *   its length is one write.
 */
export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  const nonce = loadContext.cspNonce;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // A render still unfinished after ABORT_DELAY is aborted. A finished one lets go of its timer:
    // the timer holds the whole render (React's state, the loader data, the request), and left to
    // run it kept every page of the last five seconds alive, promoted into the old generation.
    // Under the load run that made every young-generation collection copy those pages, 5–7 ms each
    // several times a second (docs/decisions/0011-city-scale.md).
    const abortTimer = setTimeout(() => abort(), ABORT_DELAY);
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          clearTimeout(abortTimer);
          const chunks: Buffer[] = [];
          const collect = new Writable({
            write(chunk: Buffer, _encoding, done) {
              chunks.push(chunk);
              done();
            },
            final(done) {
              const body = Buffer.concat(chunks);
              responseHeaders.set("Content-Type", "text/html");
              responseHeaders.set("Content-Length", String(body.length));
              resolve(new Response(body, { headers: responseHeaders, status: responseStatusCode }));
              done();
            },
          });
          pipe(collect);
        },
        onShellError(error: unknown) {
          clearTimeout(abortTimer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors in the shell reject and are logged by Remix; later ones only reach us here.
          if (shellRendered) loadContext.services.logger.error("render failed after the shell", { url: request.url, error });
        },
      },
    );
  });
}
