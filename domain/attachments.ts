import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, count, eq } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "~/db/client";
import { ticketAssignments, ticketAttachments, tickets } from "~/db/schema";
import { conflict, DomainError, invalidInput, notFound } from "./errors";
import { getSetting } from "./settings";
import { canSeeTicket, type TicketActor } from "./tickets/access";
import type { TicketContext } from "./tickets/run-action";

/**
 * Where attachment bytes live. Keys are random ids chosen here (never a user's file name); the
 * ticket_attachments row holds the name, type, size and checksum. The disk implementation is
 * server/attachment-store.ts; tests use memoryAttachmentStore().
 */
export interface AttachmentStore {
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** null when there is nothing under `key`. */
  get(key: string): Promise<Uint8Array | null>;
  /** Removing a key that is not there is not an error. */
  delete(key: string): Promise<void>;
}

export const ATTACHMENT_CONTENT_TYPES = ["image/jpeg", "image/png", "image/webp", "application/pdf"] as const;
export type AttachmentContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];

export const attachmentPolicySchema = z.object({
  /** Largest file accepted, in bytes. */
  maxBytes: z.number().int().min(1024).max(100 * 1024 * 1024),
  /** How many files a citizen may attach to one ticket (staff are not limited). */
  maxCitizenFiles: z.number().int().min(0).max(20),
});
export type AttachmentPolicy = z.infer<typeof attachmentPolicySchema>;
export const ATTACHMENT_POLICY_SETTING = "attachments.policy";
export const DEFAULT_ATTACHMENT_POLICY: AttachmentPolicy = { maxBytes: 10 * 1024 * 1024, maxCitizenFiles: 3 };

export function getAttachmentPolicy(db: Queryable): Promise<AttachmentPolicy> {
  return getSetting(db, ATTACHMENT_POLICY_SETTING, attachmentPolicySchema, DEFAULT_ATTACHMENT_POLICY);
}

export interface AttachmentUpload {
  fileName: string;
  /** What the client declared; checked against the bytes, never trusted on its own. */
  contentType: string;
  bytes: Uint8Array;
}

/** The type the bytes really are, from their first bytes (magic numbers), or null. */
export function sniffContentType(bytes: Uint8Array): AttachmentContentType | null {
  const startsWith = (offset: number, signature: number[]) => signature.every((b, i) => bytes[offset + i] === b);
  if (startsWith(0, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(0, [0x52, 0x49, 0x46, 0x46]) && startsWith(8, [0x57, 0x45, 0x42, 0x50])) return "image/webp"; // RIFF....WEBP
  if (startsWith(0, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf"; // %PDF-
  return null;
}

const DECLARED_ALIASES: Record<string, string> = { "image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "application/x-pdf": "application/pdf" };
/** Declared types that say nothing (browsers send these for unknown extensions). */
const UNINFORMATIVE_TYPES = new Set(["", "application/octet-stream", "binary/octet-stream"]);

/** A file name safe to store and to show: no path, no control characters, at most 120 characters. */
export function cleanFileName(name: string, contentType: AttachmentContentType): string {
  const base = (name.split(/[/\\]/).pop() ?? "")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"<>|*?:]/g, "")
    .trim();
  const chars = [...base];
  const trimmed = chars.length > 120 ? chars.slice(chars.length - 120).join("") : base;
  if (trimmed && trimmed !== "." && trimmed !== "..") return trimmed;
  const extension = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf" }[contentType];
  return `attachment.${extension}`;
}

/**
 * Checks a file before anything is stored: not empty, not over the size limit, and really one
 * of the allowed types (by its bytes; a declared type that contradicts the bytes is refused).
 */
export function validateAttachment(file: AttachmentUpload, policy: AttachmentPolicy, field = "file") {
  if (file.bytes.byteLength === 0) throw invalidInput("attachment_empty", field, { name: file.fileName });
  if (file.bytes.byteLength > policy.maxBytes) {
    throw invalidInput("attachment_too_large", field, { name: file.fileName, maxMb: Math.floor(policy.maxBytes / (1024 * 1024)) || 1 });
  }
  const sniffed = sniffContentType(file.bytes);
  if (!sniffed) throw invalidInput("attachment_type_not_allowed", field, { name: file.fileName });
  const declared = file.contentType.split(";")[0]!.trim().toLowerCase();
  const normalized = DECLARED_ALIASES[declared] ?? declared;
  if (!UNINFORMATIVE_TYPES.has(normalized) && normalized !== sniffed) {
    throw invalidInput("attachment_type_mismatch", field, { name: file.fileName });
  }
  return { contentType: sniffed, fileName: cleanFileName(file.fileName, sniffed), sizeBytes: file.bytes.byteLength };
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given.trim().padEnd(a.length, " ").slice(0, a.length));
  return a.length > 0 && given.trim().length === a.length && timingSafeEqual(a, b);
}

/**
 * Attaches a file to a ticket. Staff must be able to see the ticket (else 404, as everywhere);
 * a citizen or machine client (no roles) must present the ticket's query code and is limited to
 * `maxCitizenFiles`. The bytes are stored first under a random key, then the row is inserted;
 * if the insert fails the stored bytes are deleted again, so nothing is left half-written.
 */
export async function addTicketAttachment(
  ctx: TicketContext,
  store: AttachmentStore,
  ticketId: number,
  file: AttachmentUpload,
  proof: { queryCode: string } | null = null,
) {
  const policy = await getAttachmentPolicy(ctx.db);
  const valid = validateAttachment(file, policy);
  const [ticket] = await ctx.db.select({ id: tickets.id, queryCode: tickets.queryCode }).from(tickets).where(eq(tickets.id, ticketId));
  if (!ticket) throw notFound("ticket_not_found");
  if (ctx.actor.roles.length > 0) {
    await assertCanSee(ctx.db, ctx.actor, ticketId);
  } else {
    if (!proof || !sameSecret(ticket.queryCode, proof.queryCode)) throw notFound("ticket_not_found");
    const [existing] = await ctx.db.select({ n: count() }).from(ticketAttachments).where(eq(ticketAttachments.ticketId, ticketId));
    if ((existing?.n ?? 0) >= policy.maxCitizenFiles) throw conflict("attachment_limit_reached", { max: policy.maxCitizenFiles });
  }

  const sha256 = createHash("sha256").update(file.bytes).digest("hex");
  const storageKey = randomBytes(16).toString("hex");
  await store.put(storageKey, file.bytes);
  try {
    const [row] = await ctx.db
      .insert(ticketAttachments)
      .values({
        ticketId,
        fileName: valid.fileName,
        contentType: valid.contentType,
        sizeBytes: valid.sizeBytes,
        sha256,
        storageKey,
        uploadedBy: ctx.actor.label,
        createdAt: ctx.clock.now(),
      })
      .returning();
    return row!;
  } catch (error) {
    await store.delete(storageKey).catch(() => {});
    throw error;
  }
}

async function assertCanSee(db: Queryable, viewer: TicketActor, ticketId: number) {
  const assigned = (
    await db.select({ departmentId: ticketAssignments.departmentId }).from(ticketAssignments).where(eq(ticketAssignments.ticketId, ticketId))
  ).map((a) => a.departmentId);
  if (!canSeeTicket(viewer, assigned)) throw notFound("ticket_not_found");
}

/**
 * One attachment with its bytes, for a viewer who may see the ticket (same rule as the ticket
 * page: 404 otherwise, so the existence of other departments' tickets is not revealed).
 */
export async function getTicketAttachment(db: Queryable, store: AttachmentStore, viewer: TicketActor, ticketId: number, attachmentId: number) {
  await assertCanSee(db, viewer, ticketId);
  const [attachment] = await db
    .select()
    .from(ticketAttachments)
    .where(and(eq(ticketAttachments.id, attachmentId), eq(ticketAttachments.ticketId, ticketId)));
  if (!attachment) throw notFound("attachment_not_found");
  const bytes = await store.get(attachment.storageKey);
  if (!bytes) throw new DomainError("attachment_not_found", 404);
  return { attachment, bytes };
}

/** An in-memory store for tests and scripts. */
export function memoryAttachmentStore(): AttachmentStore & { keys(): string[] } {
  const files = new Map<string, Uint8Array>();
  return {
    async put(key, bytes) {
      files.set(key, new Uint8Array(bytes));
    },
    async get(key) {
      return files.get(key) ?? null;
    },
    async delete(key) {
      files.delete(key);
    },
    keys: () => [...files.keys()],
  };
}
