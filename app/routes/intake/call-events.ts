import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireTicketContext } from "~/app/tickets.server";
import { getOperatorDeskView } from "~/app/telephony.server";

/** Re-read the database this often: another process may have connected the call (multi-process). */
const POLL_MS = 1_000;
const KEEPALIVE_MS = 15_000;

/**
 * GET /intake/calls/events — Server-Sent Events for the operator's screen pop. Sends the desk
 * view (status, connected call, caller's tickets) whenever it changes: at once when this process
 * connected the call (event bus), otherwise within a second (database poll).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = requireTicketContext(request, context, ["operator"]);
  const { bus } = context.services.telephony;
  const signal = request.signal;
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let last = "";
      let quietSince = Date.now();
      try {
        while (!signal.aborted) {
          const view = JSON.stringify(await getOperatorDeskView(context, actor));
          if (view !== last) {
            controller.enqueue(encoder.encode(`event: desk\ndata: ${view}\n\n`));
            last = view;
            quietSince = Date.now();
          } else if (Date.now() - quietSince > KEEPALIVE_MS) {
            controller.enqueue(encoder.encode(": keep-alive\n\n"));
            quietSince = Date.now();
          }
          await bus.waitForOperator(actor.id!, POLL_MS, signal);
        }
      } catch (error) {
        if (!signal.aborted) context.services.logger.warn("screen-pop stream ended", { error });
      } finally {
        try {
          controller.close();
        } catch {
          // already closed by the client going away
        }
      }
    },
  });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", Connection: "keep-alive", "X-Accel-Buffering": "no" },
  });
}
