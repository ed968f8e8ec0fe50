import type { AppLoadContext } from "@remix-run/node";
import { requireRole, requireUser } from "~/app/auth.server";
import { messages } from "~/app/i18n";
import { STATE_TYPES } from "~/domain/tickets/states";
import { getOperatorDesk } from "~/domain/telephony/presence";
import { citizenPhoneFromCaller } from "~/domain/telephony/caller-number";
import { getTransferTargets } from "~/domain/telephony/telephony-settings";
import { maskPhone } from "~/domain/privacy";
import type { TicketActor } from "~/domain/tickets/access";
import { listTicketsByPhone } from "~/domain/tickets/queries";

/**
 * The call simulator is for administrators, and for every staff member when the app runs on the
 * embedded database (a trial or development install); it exists only while simulation is on.
 */
export function requireSimulatorUser(request: Request, context: AppLoadContext) {
  const { services } = context;
  if (!services.config.telephony.simulator || !services.telephony.authToken) throw new Response("Not Found", { status: 404 });
  return services.database.engine === "pglite" ? requireUser(request, context) : requireRole(request, context, ["administrator"]);
}

/** Supervisors (and administrators) see the hotline figures. */
export const requireFiguresUser = (request: Request, context: AppLoadContext) => requireRole(request, context, ["supervisor", "administrator"]);

export interface OperatorDeskView {
  status: "available" | "busy" | "offline";
  call: {
    id: number;
    callSid: string;
    /** Masked: the full number reaches the ticket server-side, never the screen. */
    caller: string | null;
    connectedAt: string | null;
    menuChoice: string | null;
    ticketId: number | null;
  } | null;
  earlierTickets: { id: number; number: string; title: string; state: string; stateLabel: string; open: boolean; createdAt: string }[];
  transferTargets: { label: string; number: string }[];
  simulated: boolean;
}

/** What the operator's call panel shows: their status, the connected call and the caller's history. */
export async function getOperatorDeskView(context: AppLoadContext, actor: TicketActor): Promise<OperatorDeskView> {
  const { db, telephony } = context.services;
  const desk = await getOperatorDesk(db, actor.id!);
  const call = desk.status === "busy" ? desk.call : null;
  const phone = call ? citizenPhoneFromCaller(call.fromNumber) : null;
  const [earlier, transferTargets] = await Promise.all([phone ? listTicketsByPhone(db, actor, phone, 10) : [], call ? getTransferTargets(db) : []]);
  return {
    status: desk.status,
    call: call
      ? {
          id: call.id,
          callSid: call.callSid,
          caller: maskPhone(phone),
          connectedAt: call.connectedAt?.toISOString() ?? null,
          menuChoice: call.menuChoice,
          ticketId: call.ticketId,
        }
      : null,
    earlierTickets: earlier.map((t) => ({
      id: t.id,
      number: t.number,
      title: t.title,
      state: t.state,
      stateLabel: messages.tickets.states[t.state],
      open: STATE_TYPES[t.state] !== "closed",
      createdAt: t.createdAt.toISOString(),
    })),
    transferTargets,
    simulated: telephony.calls.simulated,
  };
}
