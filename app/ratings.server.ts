import { redirect } from "@remix-run/node";
import { formText } from "~/app/form.server";
import type { Queryable } from "~/db/client";
import type { DismissReason } from "~/db/schema";
import { DomainError } from "~/domain/errors";
import { getTicketRatingLoop } from "~/domain/ratings/queries";
import { rateTicket } from "~/domain/ratings/rate";
import { closeRatingLoop, reportRectification } from "~/domain/ratings/rectification";
import { dismissRating, upholdRating } from "~/domain/ratings/verification";
import type { TicketActor } from "~/domain/tickets/access";
import type { TicketContext } from "~/domain/tickets/run-action";
import type { TicketAction } from "~/domain/tickets/states";
import { RATING_INTENTS, type RatingIntent } from "~/app/components/ticket-rating-panel";

export const isRatingIntent = (value: string): value is RatingIntent => (RATING_INTENTS as readonly string[]).includes(value);

/**
 * The ticket page's 评价与整改 panel: the loop's history, and which of its actions to offer —
 * those the viewer may take now (allowedActions) that make sense now: a verification decision
 * only while one is pending, 结案 only after the configured rounds, a callback rating for operators.
 */
export async function ticketRatingPanel(db: Queryable, viewer: TicketActor, ticket: { id: number; round: number }, allowed: readonly TicketAction[]) {
  const loop = await getTicketRatingLoop(db, ticket);
  const actions = RATING_INTENTS.filter((a) => {
    if (!allowed.includes(a)) return false;
    if (a === "uphold_rating" || a === "dismiss_rating") return loop.pendingVerification;
    if (a === "close_loop") return loop.canCloseYet;
    if (a === "rate") return viewer.roles.includes("operator");
    return true;
  });
  return { ...loop, actions };
}

/** Reads a level 1–5 from a form ("" or garbage → NaN, which the domain refuses as rating_level_invalid). */
export function formLevel(form: FormData): number {
  const value = formText(form, "level");
  return /^[1-5]$/.test(value) ? Number(value) : Number.NaN;
}

/** "yes" / "no" / anything else (not said). */
export function formResolved(form: FormData): boolean | null {
  const value = formText(form, "resolved");
  return value === "yes" ? true : value === "no" ? false : null;
}

function optionalText(form: FormData, name: string, max: number, code: string): string | null {
  const value = formText(form, name);
  if (value.length > max) throw new DomainError(code, 400, {}, name);
  return value || null;
}

/** Runs one of the rating intents posted from the ticket page; success redirects back with a notice. */
export async function runRatingIntent(ctx: TicketContext, ticketId: number, intent: RatingIntent, form: FormData): Promise<never> {
  switch (intent) {
    case "rate":
      await rateTicket(ctx, ticketId, {
        level: formLevel(form),
        resolved: formResolved(form),
        comment: optionalText(form, "comment", 1000, "comment_too_long"),
        channel: "callback",
      });
      break;
    case "uphold_rating":
      await upholdRating(ctx, ticketId, optionalText(form, "note", 1000, "note_too_long"));
      break;
    case "dismiss_rating":
      await dismissRating(ctx, ticketId, { reason: formText(form, "reason") as DismissReason, note: formText(form, "note") });
      break;
    case "report_rectification":
      await reportRectification(ctx, ticketId, formText(form, "report"));
      break;
    case "close_loop":
      await closeRatingLoop(ctx, ticketId, formText(form, "decision"));
      break;
  }
  throw redirect(`/tickets/${ticketId}?rating=${intent}#rating-loop`);
}
