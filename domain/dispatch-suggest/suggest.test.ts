import { eq, sql } from "drizzle-orm";
import { queryRows } from "~/db/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatchModels, dispatchSuggestionLog } from "~/db/schema";
import { dispatchTicket } from "~/domain/tickets/actions";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { ticketWorld } from "~/tests/helpers/tickets";
import { MIN_TRAINING_TICKETS } from "./history";
import { retrainDispatchModel } from "./model-store";
import { suggestDepartments } from "./suggest";
import { ACCEPTANCE_WINDOW, getAcceptanceRate, recordDispatchDecision, recordShownSuggestions } from "./suggestion-log";

const silent = { info: () => {} };
const LIGHTING = ["路灯不亮，晚上很黑", "小区门口路灯坏了", "道路路灯损坏需要维修", "街边路灯一直不亮", "路灯闪烁影响出行"];
const BUILDING = ["楼盘延期交房", "开发商不办房本", "小区房屋质量问题", "商品房网签备案咨询", "新建住宅楼渗水"];

describe.each(testEngines)("dispatch suggestions from the centre's history on %s", (engine) => {
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof ticketWorld>>;
  const deps = () => ({ db: database.db, clock: world.clock, logger: silent });

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    world = await ticketWorld(database);
  });
  afterAll(() => database.dispose());

  async function dispatched(title: string, departmentId: number) {
    const ticket = await world.complaint({ title, description: `${title}，请尽快处理。` });
    await dispatchTicket(world.as("dispatcher"), ticket.id, { leadDepartmentId: departmentId });
    return ticket;
  }

  it("says there is too little history instead of guessing, and stores no model", async () => {
    await dispatched(LIGHTING[0]!, world.deptA);
    expect(await retrainDispatchModel(database.db, world.clock, silent)).toEqual({ status: "too_few_examples", examples: 1, needed: MIN_TRAINING_TICKETS });
    expect(await suggestDepartments(deps(), "路灯坏了")).toEqual({ status: "no_model", needed: MIN_TRAINING_TICKETS });
    expect(await database.db.select().from(dispatchModels)).toHaveLength(0);
  });

  it("trains lazily on first use from dispatched tickets and suggests the department that handled similar ones", async () => {
    for (let round = 0; round < 4; round += 1) {
      for (const title of LIGHTING) await dispatched(title, world.deptA);
      for (const title of BUILDING) await dispatched(title, world.deptB);
    }
    const result = await suggestDepartments(deps(), "我家楼下的路灯坏了好几天");
    expect(result.status).toBe("ok");
    if (result.status !== "ok") return;
    expect(result.suggestions[0]?.departmentId).toBe(world.deptA);
    expect(result.suggestions[0]?.label).toBe("区城管局");
    expect(result.suggestions[0]!.score).toBeGreaterThan(result.suggestions[1]?.score ?? 0);
    const other = await suggestDepartments(deps(), "开发商迟迟不给办房本");
    expect(other.status === "ok" && other.suggestions[0]?.departmentId).toBe(world.deptB);
    expect(await database.db.select({ id: dispatchModels.id }).from(dispatchModels)).toHaveLength(1);
  });

  it("retraining stores a newer model that every caller then uses", async () => {
    const before = await suggestDepartments(deps(), "路灯");
    const retrained = await retrainDispatchModel(database.db, world.clock, silent);
    expect(retrained.status).toBe("trained");
    const after = await suggestDepartments(deps(), "路灯");
    expect(before.status === "ok" && after.status === "ok" && after.modelId > before.modelId).toBe(true);
    // Asked again, the same model gives the same answer (each process remembers it per model).
    expect(await suggestDepartments(deps(), "路灯")).toEqual(after);
  });

  it("logs what was shown and whether the dispatcher accepted suggestion #1 or overrode it", async () => {
    const accepted = await world.complaint({ title: "路灯不亮", description: "晚上很黑，请修路灯。" });
    const overridden = await world.complaint({ title: "路灯坏了", description: "路灯损坏多日。" });
    const suggestion = await suggestDepartments(deps(), "路灯不亮");
    if (suggestion.status !== "ok") throw new Error("expected a model");
    const shown = suggestion.suggestions.map(({ departmentId, score }) => ({ departmentId, score }));
    const before = await getAcceptanceRate(database.db);
    await recordShownSuggestions(database.db, [accepted, overridden].map((t) => ({ ticketId: t.id, modelId: suggestion.modelId, suggestions: shown })), world.clock.now());
    await recordDispatchDecision(database.db, { ticketId: accepted.id, leadDepartmentId: world.deptA, by: "dispatcher", at: world.clock.now() });
    await recordDispatchDecision(database.db, { ticketId: overridden.id, leadDepartmentId: world.deptB, by: "dispatcher", at: world.clock.now() });
    const [row] = await database.db.select().from(dispatchSuggestionLog).where(eq(dispatchSuggestionLog.ticketId, overridden.id));
    expect(row).toMatchObject({ accepted: false, dispatchedDepartmentId: world.deptB, decidedBy: "dispatcher" });
    const after = await getAcceptanceRate(database.db);
    expect(after.decided - before.decided).toBe(2);
    expect(after.accepted - before.accepted).toBe(1);
    // Showing again after the decision does not rewrite it.
    await recordShownSuggestions(database.db, [{ ticketId: overridden.id, modelId: suggestion.modelId, suggestions: [{ departmentId: world.deptB, score: 0.9 }] }], world.clock.now());
    const [unchanged] = await database.db.select().from(dispatchSuggestionLog).where(eq(dispatchSuggestionLog.ticketId, overridden.id));
    expect(unchanged?.suggestions[0]?.departmentId).toBe(world.deptA);
  });

  it("counts the acceptance rate over the latest decisions only", async () => {
    // A long history, later than the other tests' decisions: the window's worth of overridden
    // decisions, then newer accepted ones.
    const older = new Date(world.clock.now().getTime() + 86_400_000);
    const newer = new Date(world.clock.now().getTime() + 2 * 86_400_000);
    const history = await Promise.all(
      Array.from({ length: ACCEPTANCE_WINDOW + 10 }, (_, i) => world.complaint({ title: `路灯 ${i}`, description: "路灯不亮。" })),
    );
    const shown = [{ departmentId: world.deptA, score: 0.9 }];
    await recordShownSuggestions(database.db, history.map((t) => ({ ticketId: t.id, modelId: 1, suggestions: shown })), older);
    for (const [i, ticket] of history.entries()) {
      const accepted = i >= ACCEPTANCE_WINDOW - 20;
      await recordDispatchDecision(database.db, { ticketId: ticket.id, leadDepartmentId: accepted ? world.deptA : world.deptB, by: "dispatcher", at: accepted ? newer : older });
    }
    // The 30 accepted decisions are the newest; the window takes 470 of the 480 overridden ones besides.
    expect(await getAcceptanceRate(database.db)).toEqual({ decided: ACCEPTANCE_WINDOW, accepted: 30, rate: 30 / ACCEPTANCE_WINDOW });
  });

  it("writes nothing when a ticket is shown again with the same suggestions, and replaces them when they change", async () => {
    const ticket = await world.complaint({ title: "路灯一直闪", description: "夜里路灯闪个不停。" });
    const suggestion = await suggestDepartments(deps(), "路灯一直闪");
    if (suggestion.status !== "ok") throw new Error("expected a model");
    const shown = suggestion.suggestions.map(({ departmentId, score }) => ({ departmentId, score }));
    const rowVersion = async () => {
      const [row] = await queryRows<{ version: string; shown_at: string }>(
        database.db,
        sql`select xmin::text as version, shown_at::text from dispatch_suggestion_log where ticket_id = ${ticket.id}`,
      );
      return row!;
    };
    await recordShownSuggestions(database.db, [{ ticketId: ticket.id, modelId: suggestion.modelId, suggestions: shown }], world.clock.now());
    const first = await rowVersion();
    world.clock.advance(60_000);
    await recordShownSuggestions(database.db, [{ ticketId: ticket.id, modelId: suggestion.modelId, suggestions: shown.map((x) => ({ ...x })) }], world.clock.now());
    expect(await rowVersion()).toEqual(first);
    const reordered = [...shown].reverse();
    await recordShownSuggestions(database.db, [{ ticketId: ticket.id, modelId: suggestion.modelId, suggestions: reordered }], world.clock.now());
    const [replaced] = await database.db.select().from(dispatchSuggestionLog).where(eq(dispatchSuggestionLog.ticketId, ticket.id));
    expect(replaced?.suggestions).toEqual(reordered);
    expect(replaced?.shownAt.getTime()).toBe(world.clock.now().getTime());
  });
});
