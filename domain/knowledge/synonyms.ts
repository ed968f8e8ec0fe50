import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "~/db/client";
import { outbox, synonymGroups } from "~/db/schema";
import { type CommandContext, parseInput } from "../command";
import { DomainError, notFound } from "../errors";
import type { KnowledgeActor } from "./articles";
import { isKnowledgeReviewer } from "./articles";

/**
 * Synonym groups (噪音 = 噪声 = 扰民) are administrator data: the Postgres backend expands queries
 * with them at search time, the Meilisearch backend gets them as its `synonyms` setting (a
 * `search.synonyms` outbox row asks the worker to push them).
 */
export const synonymGroupSchema = z.object({
  terms: z
    .array(z.string())
    .transform((list) => [...new Set(list.map((t) => t.normalize("NFKC").trim().toLowerCase()).filter(Boolean))])
    .pipe(
      z
        .array(z.string().max(30, "synonym_term_too_long"))
        .min(2, "synonym_terms_required")
        .max(20, "synonym_terms_too_many"),
    ),
  note: z
    .string()
    .trim()
    .max(200, "synonym_note_too_long")
    .nullable()
    .optional()
    .transform((v) => v || null),
});
export type SynonymGroupInput = z.input<typeof synonymGroupSchema>;

/** Splits "噪音=噪声，扰民" (any of = , ， 、 ; space or new line) into terms. */
export function parseSynonymTerms(text: string): string[] {
  return text.split(/[=,，、;；\s]+/).filter(Boolean);
}

type SynonymContext = CommandContext & { actor: KnowledgeActor };

function requireReviewer(ctx: SynonymContext) {
  if (!isKnowledgeReviewer(ctx.actor)) throw new DomainError("action_not_permitted", 403);
}

async function announce(db: Queryable, at: Date) {
  await db.insert(outbox).values({ topic: "search.synonyms", payload: {}, createdAt: at, availableAt: at });
}

export function listSynonymGroups(db: Queryable) {
  return db.select().from(synonymGroups).orderBy(asc(synonymGroups.id));
}

/** The groups' terms, as the search backends use them. */
export async function getSynonymSets(db: Queryable): Promise<string[][]> {
  const rows = await db.select({ terms: synonymGroups.terms }).from(synonymGroups);
  return rows.map((r) => r.terms);
}

export async function createSynonymGroup(ctx: SynonymContext, raw: SynonymGroupInput) {
  requireReviewer(ctx);
  const input = parseInput(synonymGroupSchema, raw);
  return ctx.db.transaction(async (tx) => {
    const at = ctx.clock.now();
    const [row] = await tx.insert(synonymGroups).values({ ...input, createdAt: at, updatedAt: at }).returning();
    await announce(tx, at);
    return row!;
  });
}

export async function updateSynonymGroup(ctx: SynonymContext, id: number, raw: SynonymGroupInput) {
  requireReviewer(ctx);
  const input = parseInput(synonymGroupSchema, raw);
  return ctx.db.transaction(async (tx) => {
    const at = ctx.clock.now();
    const [row] = await tx.update(synonymGroups).set({ ...input, updatedAt: at }).where(eq(synonymGroups.id, id)).returning();
    if (!row) throw notFound("synonym_group_not_found");
    await announce(tx, at);
    return row;
  });
}

export async function deleteSynonymGroup(ctx: SynonymContext, id: number) {
  requireReviewer(ctx);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.delete(synonymGroups).where(eq(synonymGroups.id, id)).returning({ id: synonymGroups.id });
    if (!row) throw notFound("synonym_group_not_found");
    await announce(tx, ctx.clock.now());
  });
}
