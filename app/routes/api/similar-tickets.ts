import type { LoaderFunctionArgs } from "@remix-run/node";
import { messages } from "~/app/i18n";
import { requireTicketContext } from "~/app/tickets.server";
import { findSimilarOpenTickets } from "~/domain/duplicates/similar-tickets";

export interface SimilarTicketEntry {
  id: number;
  number: string;
  title: string;
  stateLabel: string;
  area: string | null;
  address: string | null;
  createdAt: string;
  score: number;
}

/**
 * GET /api/tickets/similar?title=…&description=…[&address=…][&area=…][&exclude=id]
 * → { tickets: [...] }: open tickets of the last 7 days that look like the same report, for the
 * intake desk while the operator types and the dispatch desk. Centre staff only.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db, clock } = requireTicketContext(request, context, ["operator", "dispatcher", "supervisor"]);
  const params = new URL(request.url).searchParams;
  const text = (name: string, max: number) => (params.get(name) ?? "").trim().slice(0, max);
  const title = text("title", 100);
  const description = text("description", 5000);
  if ([...title, ...description].length < 4) {
    return Response.json({ error: { message: "请提供标题或描述（至少 4 个字）。", field: "title" } }, { status: 400 });
  }
  const exclude = Number(params.get("exclude"));
  const rows = await findSimilarOpenTickets(db, {
    title,
    description,
    address: text("address", 200) || null,
    area: text("area", 50) || null,
    excludeTicketId: Number.isInteger(exclude) && exclude > 0 ? exclude : null,
    now: clock.now(),
  });
  const tickets: SimilarTicketEntry[] = rows.map((t) => ({
    id: t.id,
    number: t.number,
    title: t.title,
    stateLabel: messages.tickets.states[t.state],
    area: t.area,
    address: t.address,
    createdAt: t.createdAt.toISOString(),
    score: t.score,
  }));
  return Response.json({ tickets }, { headers: { "Cache-Control": "no-store" } });
}
