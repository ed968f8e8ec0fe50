import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { formText, readForm } from "~/app/form.server";
import { errorMessage, messages } from "~/app/i18n";
import { requireTicketContext } from "~/app/tickets.server";
import { DomainError, invalidInput } from "~/domain/errors";
import { getCall } from "~/domain/telephony/call-log";
import { recordTransfer } from "~/domain/telephony/call-tickets";
import { setOperatorStatus } from "~/domain/telephony/presence";
import { getTransferTargets } from "~/domain/telephony/telephony-settings";
import { softphoneAccessToken } from "~/telephony/call-control";

/** GET /intake/calls — the operator's Voice SDK access token (null when no softphone is configured). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = requireTicketContext(request, context, ["operator"]);
  const token = softphoneAccessToken(context.services.config.telephony, actor.id!);
  return Response.json({ token }, { headers: { "Cache-Control": "no-store" } });
}

/**
 * POST /intake/calls — the operator's call controls: available / offline, and a live transfer to
 * one of the administrator's transfer targets (through Twilio, or recorded as simulated).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = requireTicketContext(request, context, ["operator"]);
  const form = await readForm(request);
  const { db, clock, telephony } = context.services;
  try {
    const intent = formText(form, "intent");
    if (intent === "available" || intent === "offline") {
      await setOperatorStatus(db, clock, ctx.actor.id!, intent);
      return Response.json({ notice: null });
    }
    if (intent === "transfer") {
      const call = await getCall(db, Number(formText(form, "callId")));
      if (call.operatorId !== ctx.actor.id) throw new DomainError("call_not_yours", 403);
      const target = (await getTransferTargets(db)).find((t) => t.number === formText(form, "number"));
      if (!target) throw invalidInput("transfer_target_invalid", "number");
      await telephony.calls.transfer(call.callSid, target.number);
      await recordTransfer(ctx, call.id, target, telephony.calls.simulated);
      return Response.json({ notice: messages.telephony.desk.transferred(target.label, telephony.calls.simulated) });
    }
    throw invalidInput("invalid_input", "intent");
  } catch (error) {
    if (error instanceof DomainError) return Response.json({ error: { message: errorMessage(error.code, error.params) } }, { status: error.status });
    throw error;
  }
}
