import type { RequestType, SupervisionLevelRule, TicketChannel, TicketState, Urgency } from "~/db/schema";
import { escalate } from "~/domain/supervision/levels";
import { DEPARTMENT_WORKLIST_STATES } from "~/domain/tickets/states";
import { currentDeadline } from "~/domain/tickets/time-limits";
import type { Random } from "./random";
import type { GeneratedTable, RowValues } from "./tables";
import { citizenName, directAnswer, ratingComment, replyText, ticketText } from "./vocabulary";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** What the seed put in the database, as the stories need it. */
export interface SeedFacts {
  departments: readonly { id: number; name: string }[];
  /** Leaf categories with the department their routing rule names (null: none). */
  categories: readonly { id: number; code: string; departmentId: number | null }[];
  /** Time-limit rules by "requestType" or "urgency" key, plus "default"; limits in milliseconds. */
  rules: ReadonlyMap<string, { id: number; dispatchMs: number; signMs: number; handleMs: number }>;
  levels: readonly SupervisionLevelRule[];
}

/** Rows for each table; a story adds its rows here. */
export type RowSink = (table: GeneratedTable, values: RowValues) => void;

/** Ids the stories hand out for rows that others refer to (ratings, verifications). */
export interface IdCounters {
  rating: number;
  verification: number;
}

const REQUEST_TYPES: readonly (readonly [RequestType, number])[] = [["consultation", 35], ["complaint", 30], ["help", 15], ["report", 4], ["suggestion", 10], ["praise", 6]];
const CHANNELS: readonly (readonly [TicketChannel, number])[] = [["phone", 70], ["web", 12], ["sms", 4], ["open311", 4], ["walk_in", 10]];
const URGENCIES: readonly (readonly [Urgency, number])[] = [["normal", 95], ["urgent", 4], ["emergency", 1]];
const LEVELS: readonly (readonly [number, number])[] = [[5, 55], [4, 22], [3, 12], [2, 6], [1, 5]];
const RATING_CHANNELS = [["callback", 60], ["sms", 20], ["web", 8], ["ivr", 12]] as const;
const BAD_AT_OR_BELOW = 2;
const DEFAULT_LEVEL = 3;

/** A citizen's phone from a pool, so that repeat callers exist (the intake history lookup). */
function phoneOf(pool: number, index: number): string {
  const n = Math.imul(index + 1, 2654435761) >>> 0;
  const member = n % pool;
  return `1${3 + (member % 7)}${String(100_000_000 + ((member * 7919) % 900_000_000)).slice(0, 9)}`;
}

interface Step {
  at: number;
  action: string;
  to: TicketState;
  actor: "operator" | "dispatcher" | "handler" | "supervisor" | "citizen" | "system";
  reason?: string | null;
  data?: Record<string, unknown> | null;
  channel?: TicketChannel | null;
}

const ACTORS = {
  operator: ["话务员", "operator"],
  dispatcher: ["派单员", "dispatcher"],
  handler: ["承办人", "department_handler"],
  supervisor: ["督办员", "supervisor"],
  citizen: ["市民", null],
  system: ["system:rating-defaults", null],
} as const;

/**
 * One ticket's life, from intake to archive, drawn from `random` and cut off at `nowMs`: the state
 * is wherever the story had got to by then, so open tickets in every state come out of the same
 * rules as closed ones, in realistic proportions. Working-time limits are approximated in calendar
 * time (a working hour ≈ 3 hours, a working day ≈ 1.4 days): good enough for load, not for
 * deadline-rule tests.
 */
export function tellStory(
  facts: SeedFacts,
  random: Random,
  ticket: { id: number; number: string; createdMs: number; phonePool: number; recentNumbers: readonly { id: number; number: string }[] },
  nowMs: number,
  ids: IdCounters,
  emit: RowSink,
): void {
  const requestType = random.weighted(REQUEST_TYPES);
  const channel = random.weighted(CHANNELS);
  const urgency = random.weighted(URGENCIES);
  const category = random.chance(0.92) ? random.pick(facts.categories) : null;
  const text = ticketText(random, category?.code ?? null);
  const anonymous = random.chance(0.03);
  const confidential = requestType === "report" || random.chance(0.01);
  const phone = anonymous ? null : phoneOf(ticket.phonePool, ticket.id);
  const rule = facts.rules.get(urgency !== "normal" ? urgency : requestType) ?? facts.rules.get("default")!;
  const created = ticket.createdMs;

  const steps: Step[] = [];
  const t = {
    leadDepartmentId: null as number | null,
    dispatchedAt: null as number | null,
    signedAt: null as number | null,
    repliedAt: null as number | null,
    closedAt: null as number | null,
    dispatchDue: null as number | null,
    signDue: null as number | null,
    handleDue: null as number | null,
    pausedAt: null as number | null,
    pausedRemaining: null as number | null,
    reply: null as string | null,
    closingNote: null as string | null,
    mergedIntoId: null as number | null,
    signedLate: null as boolean | null,
    repliedLate: null as boolean | null,
    round: 0,
    firstRating: null as number | null,
    finalRating: null as number | null,
    ratingDefaulted: null as boolean | null,
    resolved: null as boolean | null,
  };
  const rowsAfterCut: { table: GeneratedTable; at: number; values: RowValues }[] = [];
  // Rows written by a step exist only if the step happened before the cut.
  const later = (table: GeneratedTable, at: number, values: RowValues) => rowsAfterCut.push({ table, at, values });

  const add = (step: Step) => steps.push(step);
  let now = created;
  let finished = false;

  if (requestType === "consultation" && random.chance(0.55)) {
    add({ at: now, action: "create_and_close", to: "closed", actor: "operator", channel });
    t.closingNote = directAnswer(random);
    finished = true;
  } else {
    add({ at: now, action: "create", to: "accepted", actor: "operator", channel });
    t.dispatchDue = now + rule.dispatchMs;
    if (random.chance(0.015)) {
      now += random.exponential(5 * HOUR);
      add({ at: now, action: "withdraw", to: "withdrawn", actor: "operator", reason: "市民来电撤回诉求" });
      finished = true;
    } else if (random.chance(0.01) && ticket.recentNumbers.length) {
      const into = random.pick(ticket.recentNumbers);
      now += random.exponential(3 * HOUR);
      t.mergedIntoId = into.id;
      add({ at: now, action: "merge", to: "merged", actor: "dispatcher", data: { intoTicketId: into.id, intoTicketNumber: into.number } });
      finished = true;
    }
  }

  if (!finished) {
    // 派单 (and now and then 退单 and a second dispatch to another unit).
    const routed = category?.departmentId ?? null;
    let lead = routed !== null && random.chance(0.85) ? routed : random.pick(facts.departments).id;
    const co = random.chance(0.05) ? random.pick(facts.departments).id : null;
    const dispatch = (redispatch: boolean) => {
      now += random.exponential(urgency === "normal" ? 2 * HOUR : 15 * MINUTE);
      add({
        at: now,
        action: "dispatch",
        to: "dispatched",
        actor: "dispatcher",
        data: { leadDepartmentId: lead, coDepartmentIds: co !== null && co !== lead ? [co] : [], suggestedDepartmentId: routed, overridden: routed !== null && routed !== lead, redispatch },
      });
    };
    dispatch(false);
    let dispatchedAt = now;
    if (random.chance(0.03)) {
      now += random.exponential(3 * HOUR);
      add({ at: now, action: "return", to: "returned", actor: "handler", reason: "不属于本单位职责范围", data: { departmentId: lead } });
      lead = random.pick(facts.departments).id;
      dispatch(true);
      dispatchedAt = now;
    }
    const signDue = dispatchedAt + rule.signMs;
    let handleDue = dispatchedAt + rule.handleMs;
    now += random.exponential(rule.signMs * 0.4);
    add({ at: now, action: "sign", to: "signed", actor: "handler" });
    const signedAt = now;
    if (random.chance(0.8)) {
      now += random.exponential(HOUR);
      add({ at: now, action: "start", to: "in_progress", actor: "handler" });
    }
    if (random.chance(0.02)) {
      now += random.exponential(DAY);
      add({ at: now, action: "suspend", to: "suspended", actor: "handler", reason: "需等待相关单位出具鉴定意见" });
      const pausedFor = random.exponential(2 * DAY);
      t.pausedRemaining = Math.max(0, (handleDue - now) / MINUTE);
      handleDue += pausedFor;
      now += pausedFor;
      add({ at: now, action: "resume", to: "in_progress", actor: "handler" });
    }
    now = Math.max(now + 10 * MINUTE, signedAt + (handleDue - signedAt) * random.next() * 1.1);
    const repliedLate = now > handleDue;
    add({ at: now, action: "reply", to: "replied", actor: "handler", data: { handleDueAt: new Date(handleDue).toISOString(), late: repliedLate } });
    t.reply = replyText(random);

    // The rating loop: callback, SMS, web or IVR rating, or the default after 7 days; a bad
    // rating is verified and either upheld (整改, a second reply, rated again) or dismissed.
    for (let round = 0; ; round++) {
      const repliedAt = now;
      later("callback_tasks", repliedAt, [ticket.id, round, new Date(repliedAt + DAY), "pending", 0, null, null, new Date(repliedAt)]);
      const callbackTask = rowsAfterCut.at(-1)!;
      const rated = random.chance(0.82);
      const ratingChannel = rated ? random.weighted(RATING_CHANNELS) : "default";
      now += rated ? random.exponential(20 * HOUR) : 7 * DAY;
      const level = rated ? (round > 0 ? random.weighted(LEVELS.slice(0, 3)) : random.weighted(LEVELS)) : DEFAULT_LEVEL;
      const bad = level <= BAD_AT_OR_BELOW;
      const resolved = rated ? (bad ? random.chance(0.1) : random.chance(0.9)) : null;
      const ratingId = ++ids.rating;
      add({
        at: now,
        action: "rate",
        to: bad ? "replied" : "revisited",
        actor: ratingChannel === "default" ? "system" : ratingChannel === "callback" ? "operator" : "citizen",
        reason: null,
        data: { level, round, channel: ratingChannel, resolved, ratingId },
        channel: ratingChannel === "sms" ? "sms" : ratingChannel === "web" ? "web" : ratingChannel === "default" ? null : "phone",
      });
      const ratedAt = now;
      later("ratings", ratedAt, [ratingId, ticket.id, round, level, resolved, rated ? ratingComment(random) : null, ratingChannel, new Date(ratedAt), ACTORS[ratingChannel === "callback" ? "operator" : ratingChannel === "default" ? "system" : "citizen"][0]]);
      // The callback task closes with the rating: reached by a callback, cancelled otherwise.
      const taskValues = callbackTask.values as unknown[];
      const done = ratingChannel === "callback" ? "reached" : "cancelled";
      callbackTask.values = [taskValues[0], taskValues[1], taskValues[2], done, done === "reached" ? 1 : 0, done === "reached" ? new Date(ratedAt) : null, new Date(ratedAt), taskValues[7]];
      (callbackTask as { doneAt?: number }).doneAt = ratedAt;
      if (!bad) break;
      const verificationId = ++ids.verification;
      now += random.exponential(DAY);
      if (round === 0 && random.chance(0.6)) {
        const rectificationDue = now + 5 * 1.4 * DAY;
        add({ at: now, action: "uphold_rating", to: "rectifying", actor: "supervisor", data: { round: round + 1, rectificationDueAt: new Date(rectificationDue).toISOString(), verificationId } });
        const upheldAt = now;
        later("rating_verifications", ratedAt, [verificationId, ticket.id, ratingId, round, "upheld", null, null, new Date(ratedAt), new Date(upheldAt)]);
        (rowsAfterCut.at(-1) as { decidedAt?: number }).decidedAt = upheldAt;
        now += random.exponential(3 * DAY);
        const reportedLate = now > rectificationDue;
        add({ at: now, action: "report_rectification", to: "replied", actor: "handler", data: { round: round + 1, late: reportedLate, handleDueAt: new Date(rectificationDue).toISOString() } });
        later("rectifications", upheldAt, [ticket.id, round + 1, verificationId, lead, new Date(rectificationDue), t.reply, "已按要求完成整改，并再次联系市民说明情况。", null, new Date(upheldAt)]);
        (rowsAfterCut.at(-1) as { reportedAt?: number }).reportedAt = now;
        continue;
      }
      add({ at: now, action: "dismiss_rating", to: "revisited", actor: "supervisor", reason: "经核实，该评价不属于承办单位职责范围", data: { dismissReason: "outside_scope", verificationId } });
      later("rating_verifications", ratedAt, [verificationId, ticket.id, ratingId, round, "dismissed", "outside_scope", "经核实，该评价不属于承办单位职责范围", new Date(ratedAt), new Date(now)]);
      (rowsAfterCut.at(-1) as { decidedAt?: number }).decidedAt = now;
      break;
    }
    t.leadDepartmentId = lead;
    later("ticket_assignments", dispatchedAt, [ticket.id, lead, "lead", new Date(dispatchedAt)]);
    if (co !== null && co !== lead) later("ticket_assignments", dispatchedAt, [ticket.id, co, "co", new Date(dispatchedAt)]);
    t.signDue = signDue;
    t.handleDue = handleDue;
  }
  // Closed tickets are archived a month or two later.
  now += 30 * DAY + random.exponential(15 * DAY);
  add({ at: now, action: "archive", to: "archived", actor: "supervisor" });

  // Cut the story at the present and derive the ticket's columns from what had happened by then.
  const happened = steps.filter((s) => s.at <= nowMs);
  const last = happened.at(-1)!;
  const state = last.to;
  let round = 0;
  let handleDue = t.handleDue;
  for (const s of happened) {
    if (s.action === "dispatch") {
      t.dispatchedAt = s.at;
      t.signedAt = null;
    } else if (s.action === "sign") {
      t.signedAt = s.at;
      t.signedLate = s.at > t.signDue!;
    } else if (s.action === "suspend") t.pausedAt = s.at;
    else if (s.action === "resume") t.pausedAt = null;
    else if (s.action === "reply" || s.action === "report_rectification") {
      t.repliedAt = s.at;
      if (s.action === "reply") t.repliedLate = (s.data as { late: boolean }).late;
    } else if (s.action === "rate") {
      const data = s.data as { level: number; channel: string; resolved: boolean | null };
      t.firstRating ??= data.level;
      t.finalRating = data.level;
      t.ratingDefaulted = data.channel === "default";
      t.resolved = data.resolved ?? t.resolved;
    } else if (s.action === "uphold_rating") {
      round = (s.data as { round: number }).round;
      handleDue = Date.parse((s.data as { rectificationDueAt: string }).rectificationDueAt);
    }
    if (["create_and_close", "withdraw", "merge", "dismiss_rating"].includes(s.action) || (s.action === "rate" && s.to === "revisited") || s.action === "archive") t.closedAt = s.at;
    if (s.action === "uphold_rating") t.closedAt = null;
  }
  const runningDue = {
    dispatch: state === "accepted" || state === "returned" ? (state === "returned" ? last.at + rule.dispatchMs : t.dispatchDue) : null,
    sign: state === "dispatched" ? t.signDue : null,
    handle: state === "dispatched" || state === "signed" || state === "in_progress" || state === "rectifying" ? handleDue : null,
  };
  const wasDispatched = happened.some((s) => s.action === "dispatch");
  emit("tickets", [
    ticket.id, ticket.number, String(random.int(0, 999_999)).padStart(6, "0"), channel, requestType, urgency, category?.id ?? null,
    text.title, text.description, text.address, text.area, anonymous ? null : citizenName(random), phone, anonymous, confidential, state,
    wasDispatched ? t.leadDepartmentId : null, new Date(created), new Date(last.at), date(wasDispatched ? t.dispatchedAt : null), date(t.signedAt),
    date(t.repliedAt), date(t.closedAt), date(runningDue.dispatch), date(runningDue.sign), date(runningDue.handle),
    state === "suspended" ? date(t.pausedAt) : null, state === "suspended" ? t.pausedRemaining : null, rule.id,
    t.repliedAt !== null ? t.reply : null, t.closingNote, state === "merged" ? t.mergedIntoId : null,
    t.signedAt !== null ? t.signedLate : null, t.repliedAt !== null ? t.repliedLate : null, round, t.firstRating, t.finalRating,
    t.ratingDefaulted, t.resolved,
  ]);
  let from: TicketState | null = null;
  for (const s of happened) {
    const [label, role] = ACTORS[s.actor];
    const departmentId = s.actor === "handler" ? t.leadDepartmentId : null;
    emit("ticket_events", [ticket.id, new Date(s.at), s.action, from, s.to, label, role, departmentId, s.channel ?? null, s.reason ?? null, s.data ?? null]);
    from = s.to;
  }
  for (const row of rowsAfterCut) {
    if (row.at > nowMs) continue;
    // Rows whose later updates (a decision, a report, a rating) had not happened yet by the cut.
    const extra = row as { doneAt?: number; decidedAt?: number; reportedAt?: number };
    if (row.table === "callback_tasks" && extra.doneAt !== undefined && extra.doneAt > nowMs) {
      const v = row.values as unknown[];
      emit(row.table, [v[0], v[1], v[2], "pending", 0, null, null, v[7]]);
    } else if (row.table === "rating_verifications" && extra.decidedAt !== undefined && extra.decidedAt > nowMs) {
      const v = row.values as unknown[];
      emit(row.table, [v[0], v[1], v[2], v[3], "pending", null, null, v[7], null]);
    } else if (row.table === "rectifications" && extra.reportedAt !== undefined) {
      const v = row.values as unknown[];
      const reported = extra.reportedAt <= nowMs;
      emit(row.table, [v[0], v[1], v[2], v[3], v[4], v[5], reported ? v[6] : null, reported ? new Date(extra.reportedAt) : null, v[8]]);
    } else if (row.table === "ticket_assignments") {
      // The worklist entry runTicketAction keeps: state and current deadline while open for the unit.
      const inWorklist = DEPARTMENT_WORKLIST_STATES.includes(state);
      const deadline = currentDeadline({ dispatchDueAt: date(runningDue.dispatch), signDueAt: date(runningDue.sign), handleDueAt: date(runningDue.handle) });
      emit(row.table, [...row.values, inWorklist ? state : null, inWorklist ? deadline : null]);
    } else emit(row.table, row.values);
  }
  if (channel === "phone") emitCall(random, ticket.id, phone, created, emit);
  for (const kind of ["dispatch", "sign", "handle"] as const) {
    const dueAt = runningDue[kind];
    if (dueAt === null) continue;
    const startedAt = kind === "dispatch" ? (state === "returned" ? last.at : created) : kind === "handle" && state === "rectifying" ? last.at : t.dispatchedAt!;
    // As if the deadline sweep had run every minute: the levels passed by now have fired.
    const step = escalate(facts.levels, { dueAt: new Date(dueAt), startedAt: new Date(startedAt) }, null, new Date(nowMs));
    emit("deadline_watches", [ticket.id, kind, new Date(dueAt), new Date(startedAt), step.lastLevel, step.nextAt]);
  }
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

/** The call a phone ticket came in on: queued briefly, answered by an operator, a few minutes long. */
function emitCall(random: Random, ticketId: number, phone: string | null, createdMs: number, emit: RowSink) {
  const talk = 60 + Math.round(random.exponential(180));
  const wait = Math.round(random.exponential(20));
  const started = createdMs - (talk + wait + 20) * 1000;
  const enqueued = started + 20_000;
  const connected = enqueued + wait * 1000;
  const ended = connected + talk * 1000;
  const sid = `CA${ticketId.toString(16).padStart(32, "0")}`;
  emit("calls", [
    sid, phone ? `+86${phone}` : "anonymous", "+8612345", "completed", 4, random.pick(["complaint", "consultation", "operator"]),
    new Date(started), new Date(ended), talk + wait + 20, new Date(enqueued), new Date(connected), "connected", new Date(connected), ticketId, new Date(ended),
  ]);
}
