import { eq } from "drizzle-orm";
import type { Database, Transaction } from "~/db/client";
import { calls } from "~/db/schema";
import type { Clock } from "../clock";
import { DomainError, notFound } from "../errors";
import type { TicketActor } from "../tickets/access";
import { createTicket, type CreateTicketInput } from "../tickets/create-ticket";
import { appendTicketEvent, type TicketContext } from "../tickets/run-action";
import { appendCallEvent, linkTicketToCall, type RecordingReport, recordRecording, ticketStateOf } from "./call-log";
import { citizenPhoneFromCaller } from "./caller-number";
import type { TransferTarget } from "./telephony-settings";

/**
 * The automated attendant takes voicemail in as a phone ticket. Phone intake is an operator's
 * act in createTicket, so the attendant acts with that role, under its own label on the timeline.
 */
export const IVR_ACTOR: TicketActor = { id: null, label: "ivr", ip: null, roles: ["operator"], departmentId: null };

/** createTicket runs its own transaction; inside ours it becomes a savepoint, so call and ticket commit together. */
const within = (tx: Transaction): Database => tx as unknown as Database;

/**
 * A recording callback. Stores the recording; when it is the voicemail of a caller nobody
 * answered, turns it into a ticket flagged for callback with the recording attached — once per
 * call, however often the callback is repeated.
 */
export async function takeRecording(db: Database, clock: Clock, report: RecordingReport): Promise<{ callId: number; ticketId: number | null } | null> {
  return db.transaction(async (tx) => {
    const call = await recordRecording(tx, clock, report);
    if (!call) return null;
    if (report.status !== "completed" || call.queueResult !== "voicemail" || call.ticketId !== null) return { callId: call.id, ticketId: call.ticketId };
    const phone = citizenPhoneFromCaller(call.fromNumber);
    const ticket = await createTicket(
      { db: within(tx), clock, actor: IVR_ACTOR },
      {
        channel: "phone",
        requestType: call.menuChoice === "consultation" ? "consultation" : call.menuChoice === "complaint" ? "complaint" : "help",
        title: "电话留言（待回电）",
        description: `市民来电排队无人接听后留言，请收听录音并回电核实诉求。录音：${report.url}`,
        citizenPhone: phone,
        anonymous: phone === null,
      },
    );
    const now = clock.now();
    await appendTicketEvent(tx, {
      ticketId: ticket.id,
      at: now,
      action: "voicemail",
      fromState: ticket.state,
      toState: ticket.state,
      actor: IVR_ACTOR,
      channel: "phone",
      reason: "来电留言，需回电",
      data: { callSid: call.callSid, recordingSid: report.recordingSid, recordingUrl: report.url, callbackRequested: true },
    });
    await linkTicketToCall(tx, now, call, ticket.id, null);
    return { callId: call.id, ticketId: ticket.id };
  });
}

/**
 * The operator's intake of the call they are on: the ticket is created by the tickets domain
 * with channel phone, the caller's number when the operator typed none, and linked to the call.
 */
export async function createTicketFromCall(ctx: TicketContext, callId: number, input: Omit<CreateTicketInput, "channel">) {
  return ctx.db.transaction(async (tx) => {
    const [call] = await tx.select().from(calls).where(eq(calls.id, callId)).for("update");
    if (!call) throw notFound("call_not_found");
    if (call.operatorId !== ctx.actor.id) throw new DomainError("call_not_yours", 403);
    const citizenPhone = input.citizenPhone || (input.anonymous ? null : citizenPhoneFromCaller(call.fromNumber));
    const ticket = await createTicket({ ...ctx, db: within(tx) }, { ...input, channel: "phone", citizenPhone });
    const now = ctx.clock.now();
    await appendTicketEvent(tx, {
      ticketId: ticket.id,
      at: now,
      action: "phone_call",
      fromState: ticket.state,
      toState: ticket.state,
      actor: ctx.actor,
      channel: "phone",
      data: { callSid: call.callSid, callId: call.id },
    });
    await linkTicketToCall(tx, now, call, ticket.id, ctx.actor.id);
    return ticket;
  });
}

/** A live transfer (to 110 … or a department hotline), on the call and on its ticket if any. */
export async function recordTransfer(ctx: TicketContext, callId: number, target: TransferTarget, simulated: boolean) {
  await ctx.db.transaction(async (tx) => {
    const [call] = await tx.select().from(calls).where(eq(calls.id, callId)).for("update");
    if (!call) throw notFound("call_not_found");
    const now = ctx.clock.now();
    const data = { label: target.label, number: target.number, simulated };
    await appendCallEvent(tx, { callId, at: now, kind: "transfer", actorId: ctx.actor.id, data });
    if (call.ticketId !== null) {
      const state = await ticketStateOf(tx, call.ticketId);
      await appendTicketEvent(tx, {
        ticketId: call.ticketId,
        at: now,
        action: "call_transfer",
        fromState: state,
        toState: state,
        actor: ctx.actor,
        channel: "phone",
        reason: `来电转接 ${target.label}（${target.number}）${simulated ? "（模拟）" : ""}`,
        data: { ...data, callSid: call.callSid },
      });
    }
  });
}
