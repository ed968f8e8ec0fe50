import { and, eq, sql } from "drizzle-orm";
import { insertRows } from "~/db/bulk-insert";
import type { Database, Transaction } from "~/db/client";
import { type Ticket, ticketAssignments, ticketEvents, tickets, type TicketChannel } from "~/db/schema";
import type { WorkingCalendar } from "../calendar/working-calendar";
import type { Clock } from "../clock";
import { conflict, DomainError, notFound } from "../errors";
import { queueFollowUps } from "../notify/follow-ups";
import { syncDeadlineWatches } from "../supervision/watches";
import { canSeeTicket, isDepartmentActor, type TicketActor } from "./access";
import { DEPARTMENT_WORKLIST_STATES, isActionAllowedFrom, mayPerform, type TicketAction, TRANSITIONS, targetState, type TicketState } from "./states";
import { loadTicketRules } from "./ticket-rules";
import { currentDeadline } from "./time-limits";

export interface TicketContext {
  db: Database;
  clock: Clock;
  actor: TicketActor;
}

export interface ActionInput {
  tx: Transaction;
  ticket: Ticket;
  now: Date;
  calendar: WorkingCalendar;
}

export interface ActionOutcome {
  /** Columns to change besides state and updatedAt. */
  set?: Partial<Omit<Ticket, "id" | "state" | "updatedAt">>;
  /** The reason shown on the timeline (return, withdrawal, suspension …). */
  reason?: string | null;
  data?: Record<string, unknown>;
  channel?: TicketChannel | null;
  /** For actions with several possible outcomes (see TRANSITIONS): which one this is. */
  toState?: TicketState | "same";
}

export interface TicketEventRecord {
  ticketId: number;
  at: Date;
  action: string;
  fromState: TicketState | null;
  toState: TicketState;
  actor: TicketActor;
  reason?: string | null;
  data?: Record<string, unknown>;
  channel?: TicketChannel | null;
}

/**
 * Records an event row and queues what follows from it (SMS, notifications); used by every
 * command and for events on a second ticket (merge).
 */
export async function appendTicketEvent(tx: Transaction, event: TicketEventRecord): Promise<number> {
  const [row] = await appendTicketEvents(tx, [event]);
  return row!.id;
}

/**
 * appendTicketEvent for many events at once (intake writes a batch of tickets): one insert for the
 * rows, pipelined with what follows from them. `written` are the events' tickets as just written,
 * so follow-ups need not read them again. Returns the event rows, in no particular order.
 */
export async function appendTicketEvents(tx: Transaction, events: readonly TicketEventRecord[], written: readonly Ticket[] = []) {
  const [rows] = await Promise.all([
    insertRows(
      tx,
      ticketEvents,
      events.map((event) => ({
        ticketId: event.ticketId,
        at: event.at,
        action: event.action,
        fromState: event.fromState,
        toState: event.toState,
        actorId: event.actor.id,
        actorLabel: event.actor.label,
        actorRole: event.actor.roles[0] ?? null,
        departmentId: isDepartmentActor(event.actor) ? event.actor.departmentId : null,
        channel: event.channel ?? null,
        reason: event.reason ?? null,
        data: event.data ?? null,
      })),
    ),
    queueFollowUps(tx, events, written),
  ]);
  return rows;
}

/**
 * Copies the ticket's state and current deadline to its assignments while it is in the
 * departments' worklist (nulls once it leaves), after an action that may have added assignments
 * (a dispatch) or moved either. Rows already right are not rewritten.
 */
async function syncWorklist(tx: Transaction, ticket: Ticket) {
  const inWorklist = DEPARTMENT_WORKLIST_STATES.includes(ticket.state);
  const worklistState = inWorklist ? ticket.state : null;
  const worklistDueAt = inWorklist ? currentDeadline(ticket) : null;
  await tx
    .update(ticketAssignments)
    .set({ worklistState, worklistDueAt })
    .where(
      and(
        eq(ticketAssignments.ticketId, ticket.id),
        // Raw parameters bypass drizzle's column mapping, hence the ISO text for the instant.
        sql`(${ticketAssignments.worklistState}, ${ticketAssignments.worklistDueAt}) is distinct from (${worklistState}::ticket_state, ${worklistDueAt?.toISOString() ?? null}::timestamptz)`,
      ),
    );
}

/**
 * The one way ticket state changes after creation. In a single transaction: lock the ticket row,
 * check the actor may see it (else 404) and may perform the action (else 403), check the
 * transition table (else 409), let `apply` compute the new columns, write them with the new
 * state, and append the event with what follows from it (outbox rows, notifications).
 */
export async function runTicketAction(
  ctx: TicketContext,
  ticketId: number,
  action: TicketAction,
  apply: (input: ActionInput) => Promise<ActionOutcome> | ActionOutcome,
): Promise<Ticket> {
  // Read before the row lock is taken, so the transaction holds it for fewer round trips.
  const { calendar, levels } = await loadTicketRules(ctx.db);
  return ctx.db.transaction(async (tx) => {
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for("update");
    if (!ticket) throw notFound("ticket_not_found");
    const assigned = (
      await tx.select({ departmentId: ticketAssignments.departmentId }).from(ticketAssignments).where(eq(ticketAssignments.ticketId, ticketId))
    ).map((a) => a.departmentId);
    // A citizen channel's command has already proved who is asking (see Performer.citizen).
    const viaCitizenChannel = ctx.actor.roles.length === 0 && TRANSITIONS[action].by.citizen === true;
    if (!viaCitizenChannel && !canSeeTicket(ctx.actor, assigned)) throw notFound("ticket_not_found");

    if (!mayPerform(ctx.actor, action, ticket.leadDepartmentId)) throw new DomainError("action_not_permitted", 403, { action });
    if (!isActionAllowedFrom(action, ticket.state)) throw conflict("transition_not_allowed", { action, state: ticket.state });

    const now = ctx.clock.now();
    const outcome = await apply({ tx, ticket, now, calendar });
    const toState = targetState(action, ticket.state, outcome.toState);
    const [updated] = await tx
      .update(tickets)
      .set({ ...outcome.set, state: toState, updatedAt: now })
      .where(eq(tickets.id, ticketId))
      .returning();
    await syncWorklist(tx, updated!);
    await syncDeadlineWatches(tx, [updated!], levels);
    await appendTicketEvents(tx, [{
      ticketId,
      at: now,
      action,
      fromState: ticket.state,
      toState,
      actor: ctx.actor,
      reason: outcome.reason,
      data: outcome.data,
      channel: outcome.channel,
    }], [updated!]);
    return updated!;
  });
}
