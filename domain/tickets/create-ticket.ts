import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { categories, REQUEST_TYPES, TICKET_CHANNELS, tickets, URGENCIES } from "~/db/schema";
import { loadWorkingCalendar } from "../calendar/calendar-store";
import { parseInput } from "../command";
import { DomainError, invalidInput } from "../errors";
import { syncDeadlineWatches } from "../supervision/watches";
import { normalizePhone, PHONE_PATTERN } from "../phone";
import { appendTicketEvent, type TicketContext } from "./run-action";
import { generateQueryCode, reserveTicketNumber } from "./numbering";
import { dueAfter, findTimeLimitRule } from "./time-limits";

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
      .pipe(z.union([z.literal(""), z.string().regex(PHONE_PATTERN, "phone_invalid")]))
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

/** Channels a citizen or machine client (no staff role) may use; staff intake needs an operator. */
const SELF_SERVICE_CHANNELS = new Set(["web", "open311", "sms"]);

/**
 * Takes a request in (统一受理): validates it, issues the number and query code, sets the dispatch
 * deadline from the time-limit rules, and records the first event — or closes it at once when a
 * consultation was answered on the spot (直接办结).
 */
export async function createTicket(ctx: TicketContext, raw: CreateTicketInput) {
  const input = parseInput(createTicketSchema, raw);
  const isOperator = ctx.actor.roles.includes("operator");
  if (!isOperator && !(ctx.actor.roles.length === 0 && SELF_SERVICE_CHANNELS.has(input.channel))) {
    throw new DomainError("action_not_permitted", 403, { action: "create" });
  }
  // A report of wrongdoing (举报) always protects the reporter; anonymity keeps no identity at all.
  const confidential = input.confidential || input.requestType === "report";
  const citizenName = input.anonymous ? null : input.citizenName;
  const citizenPhone = input.anonymous ? null : input.citizenPhone;

  const [categoryFound, calendar] = await Promise.all([
    input.categoryId === null || ctx.db.select({ id: categories.id }).from(categories).where(and(eq(categories.id, input.categoryId), eq(categories.active, true))).then((rows) => rows.length > 0),
    loadWorkingCalendar(ctx.db),
  ]);
  if (!categoryFound) throw invalidInput("category_invalid", "categoryId");
  const now = ctx.clock.now();
  // Reserved before the transaction, so intakes never queue behind each other (see numbering.ts).
  const number = await reserveTicketNumber(ctx.db, calendar, now);

  return ctx.db.transaction(async (tx) => {
    const rule = await findTimeLimitRule(tx, input);
    const closedAtIntake = input.directAnswer !== null;
    const [ticket] = await tx
      .insert(tickets)
      .values({
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
        citizenName,
        citizenPhone,
        anonymous: input.anonymous,
        confidential,
        state: closedAtIntake ? "closed" : "accepted",
        createdBy: ctx.actor.id,
        createdAt: now,
        updatedAt: now,
        closedAt: closedAtIntake ? now : null,
        closingNote: input.directAnswer,
        timeLimitRuleId: rule.id,
        dispatchDueAt: closedAtIntake ? null : dueAfter(calendar, now, rule.dispatchValue, rule.dispatchUnit),
      })
      .returning();
    await syncDeadlineWatches(tx, ticket!, now);
    await appendTicketEvent(tx, {
      ticketId: ticket!.id,
      at: now,
      action: closedAtIntake ? "create_and_close" : "create",
      fromState: null,
      toState: ticket!.state,
      actor: ctx.actor,
      channel: input.channel,
    });
    return ticket!;
  });
}
