import { z } from "zod";
import type { Queryable } from "~/db/client";
import { isTransaction } from "~/db/transaction";
import { insertRows } from "~/db/bulk-insert";
import { groupCommit } from "~/db/group-commit";
import { perDatabase } from "~/db/per-database";
import { REQUEST_TYPES, type Ticket, TICKET_CHANNELS, tickets, URGENCIES } from "~/db/schema";
import { parseInput } from "../command";
import { DomainError, invalidInput } from "../errors";
import { syncDeadlineWatches } from "../supervision/watches";
import { normalizePhone, PHONE_PATTERN } from "../phone";
import type { TicketActor } from "./access";
import { appendTicketEvents, type TicketContext } from "./run-action";
import { generateQueryCode, reserveTicketNumbers } from "./numbering";
import { loadTicketRules, type TicketRules } from "./ticket-rules";
import { dueAfter, requireTimeLimitRule } from "./time-limits";

const optionalText = (max: number, code: string) =>
  z
    .string()
    .trim()
    .max(max, code)
    .nullish()
    .transform((v) => (v ? v : null));

export const createTicketSchema = z
  .object({
    channel: z.enum(TICKET_CHANNELS, { message: "channel_invalid" }),
    requestType: z.enum(REQUEST_TYPES, { message: "request_type_invalid" }),
    urgency: z.enum(URGENCIES, { message: "urgency_invalid" }).default("normal"),
    categoryId: z.number({ message: "category_invalid" }).int().positive("category_invalid").nullish().transform((v) => v ?? null),
    title: z.string().trim().min(2, "title_invalid").max(100, "title_invalid"),
    description: z.string().trim().min(5, "description_invalid").max(5000, "description_invalid"),
    address: optionalText(200, "address_invalid"),
    area: optionalText(50, "area_invalid"),
    latitude: z.number().min(-90, "coordinates_invalid").max(90, "coordinates_invalid").nullish().transform((v) => v ?? null),
    longitude: z.number().min(-180, "coordinates_invalid").max(180, "coordinates_invalid").nullish().transform((v) => v ?? null),
    citizenName: optionalText(40, "citizen_name_invalid"),
    citizenPhone: z
      .string()
      .trim()
      .transform(normalizePhone)
      // The pattern first: it is the usual case, and a failed alternative costs an issue object.
      .pipe(z.union([z.string().regex(PHONE_PATTERN, "phone_invalid"), z.literal("")]))
      .nullish()
      .transform((v) => (v ? v : null)),
    anonymous: z.boolean().default(false),
    confidential: z.boolean().default(false),
    /** 直接办结: the answer given on the spot to a consultation; the ticket is closed at once. */
    directAnswer: optionalText(5000, "direct_answer_invalid"),
  })
  .superRefine((t, issue) => {
    if (!t.anonymous && !t.citizenPhone) issue.addIssue({ code: "custom", message: "citizen_phone_required", path: ["citizenPhone"] });
    if (t.directAnswer && t.requestType !== "consultation") {
      issue.addIssue({ code: "custom", message: "direct_answer_only_for_consultation", path: ["directAnswer"] });
    }
    if ((t.latitude === null) !== (t.longitude === null)) issue.addIssue({ code: "custom", message: "coordinates_invalid", path: ["latitude"] });
  });

export type CreateTicketInput = z.input<typeof createTicketSchema>;

type IntakeInput = z.output<typeof createTicketSchema>;

/** A request that passed validation and the actor check, waiting to be written. */
interface Intake {
  input: IntakeInput;
  actor: TicketActor;
  at: Date;
}

/** Channels a citizen or machine client (no staff role) may use; staff intake needs an operator. */
const SELF_SERVICE_CHANNELS = new Set(["web", "open311", "sms"]);

/**
 * Takes a request in (统一受理): validates it, issues the number and query code, sets the dispatch
 * deadline from the time-limit rules, and records the first event — or closes it at once when a
 * consultation was answered on the spot (直接办结). Concurrent intakes are written together
 * (see writeIntakes); inside a caller's transaction the ticket is written in that transaction.
 */
export async function createTicket(ctx: TicketContext, raw: CreateTicketInput): Promise<Ticket> {
  const input = parseInput(createTicketSchema, raw);
  const isOperator = ctx.actor.roles.includes("operator");
  if (!isOperator && !(ctx.actor.roles.length === 0 && SELF_SERVICE_CHANNELS.has(input.channel))) {
    throw new DomainError("action_not_permitted", 403, { action: "create" });
  }
  const intake: Intake = { input, actor: ctx.actor, at: ctx.clock.now() };
  if (isTransaction(ctx.db)) {
    const [result] = await writeIntakes(ctx.db, [intake]);
    if (result instanceof Error) throw result;
    return result!;
  }
  return intakeQueue(ctx.db)(intake);
}

/** The database's intake group commit (docs/decisions/0011-city-scale.md). */
const intakeQueue = perDatabase((db) => groupCommit<Intake, Ticket>((batch) => writeIntakes(db, batch), { inFlight: 2, maxBatch: 64 }));

/**
 * Writes a batch of intakes: the rules (cached per process), a block of numbers reserved in one statement
 * before the transaction (see numbering.ts), then one transaction with one multi-row insert per
 * table. An intake naming an unknown category is answered with its own 400 and left out.
 */
async function writeIntakes(db: Queryable, intakes: readonly Intake[]): Promise<(Ticket | DomainError)[]> {
  const writtenFor = new Map<Intake, Ticket>();
  const rules = await loadTicketRules(db);
  const accepted = intakes.filter((i) => i.input.categoryId === null || rules.activeCategoryIds.has(i.input.categoryId));
  if (accepted.length) {
    const numbers = await reserveTicketNumbers(db, rules.calendar, accepted.map((i) => i.at));
    const rows = accepted.map((intake, k) => ticketRow(intake, numbers[k]!, rules));
    const written = await db.transaction(async (tx) => {
      const inserted = await insertRows(tx, tickets, rows);
      const byNumber = new Map(inserted.map((t) => [t.number, t]));
      const ordered = rows.map((row) => byNumber.get(row.number)!);
      await Promise.all([
        syncDeadlineWatches(tx, ordered, rules.levels, []),
        appendTicketEvents(
          tx,
          ordered.map((ticket, k) => ({
            ticketId: ticket.id,
            at: accepted[k]!.at,
            action: ticket.state === "closed" ? "create_and_close" : "create",
            fromState: null,
            toState: ticket.state,
            actor: accepted[k]!.actor,
            channel: accepted[k]!.input.channel,
          })),
          ordered,
        ),
      ]);
      return ordered;
    });
    accepted.forEach((intake, k) => writtenFor.set(intake, written[k]!));
  }
  return intakes.map((intake) => writtenFor.get(intake) ?? invalidInput("category_invalid", "categoryId"));
}

/** The ticket row of an intake; a consultation answered on the spot is closed at once. */
function ticketRow(intake: Intake, number: string, { calendar, timeLimits }: TicketRules): typeof tickets.$inferInsert {
  const { input, actor, at } = intake;
  // A report of wrongdoing (举报) always protects the reporter; anonymity keeps no identity at all.
  const confidential = input.confidential || input.requestType === "report";
  const rule = requireTimeLimitRule(timeLimits, input);
  const closedAtIntake = input.directAnswer !== null;
  return {
    number,
    queryCode: generateQueryCode(),
    channel: input.channel,
    requestType: input.requestType,
    urgency: input.urgency,
    categoryId: input.categoryId,
    title: input.title,
    description: input.description,
    address: input.address,
    area: input.area,
    latitude: input.latitude,
    longitude: input.longitude,
    citizenName: input.anonymous ? null : input.citizenName,
    citizenPhone: input.anonymous ? null : input.citizenPhone,
    anonymous: input.anonymous,
    confidential,
    state: closedAtIntake ? "closed" : "accepted",
    createdBy: actor.id,
    createdAt: at,
    updatedAt: at,
    closedAt: closedAtIntake ? at : null,
    closingNote: input.directAnswer,
    timeLimitRuleId: rule.id,
    dispatchDueAt: closedAtIntake ? null : dueAfter(calendar, at, rule.dispatchValue, rule.dispatchUnit),
  };
}
