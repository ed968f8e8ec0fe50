import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ticketAttachments } from "~/db/schema";
import { openTestDatabase, testEngines, type TestDatabase } from "~/tests/helpers/databases";
import { ticketWorld } from "~/tests/helpers/tickets";
import { addTicketAttachment, type AttachmentStore, cleanFileName, getTicketAttachment, memoryAttachmentStore, sniffContentType } from "./attachments";
import type { DomainError } from "./errors";
import { putSetting } from "./settings";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const PDF = new TextEncoder().encode("%PDF-1.7\n%âãÏÓ\n1 0 obj\n");
const HTML = new TextEncoder().encode("<html><script>alert(1)</script></html>");

describe("attachment checks without a database", () => {
  it("recognises the allowed types by their bytes", () => {
    expect(sniffContentType(PNG)).toBe("image/png");
    expect(sniffContentType(PDF)).toBe("application/pdf");
    expect(sniffContentType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffContentType(new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8 "))).toBe("image/webp");
    expect(sniffContentType(HTML)).toBeNull();
  });
  it("keeps file names harmless", () => {
    expect(cleanFileName("../../etc/passwd", "application/pdf")).toBe("passwd");
    expect(cleanFileName('C:\\x\\照片 "1".png', "image/png")).toBe("照片 1.png");
    expect(cleanFileName("", "image/jpeg")).toBe("attachment.jpg");
  });
});

describe.each(testEngines)("ticket attachments on %s", (engine) => {
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof ticketWorld>>;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    world = await ticketWorld(database);
  });
  afterAll(() => database.dispose());

  const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as DomainError);

  it("stores the bytes under a random key with a checksum, and the staff who see the ticket can read them", async () => {
    const store = memoryAttachmentStore();
    const ticket = await world.complaint();
    const row = await addTicketAttachment(world.as("operator"), store, ticket.id, { fileName: "现场.png", contentType: "image/png", bytes: PNG });
    expect(row).toMatchObject({ fileName: "现场.png", contentType: "image/png", sizeBytes: PNG.byteLength, uploadedBy: "operator" });
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(store.keys()).toEqual([row.storageKey]);
    expect(row.storageKey).not.toContain("现场");
    const read = await getTicketAttachment(database.db, store, world.actors.dispatcher, ticket.id, row.id);
    expect([...read.bytes]).toEqual([...PNG]);
    // Not dispatched to department B: it cannot see the ticket or its files.
    expect((await errorOf(getTicketAttachment(database.db, store, world.actors.handlerB, ticket.id, row.id)))?.status).toBe(404);
    expect((await errorOf(addTicketAttachment(world.as("handlerB"), store, ticket.id, { fileName: "x.png", contentType: "image/png", bytes: PNG })))?.status).toBe(404);
  });

  it("refuses wrong types by content, contradicting declarations, empty and oversized files, storing nothing", async () => {
    const store = memoryAttachmentStore();
    const ticket = await world.complaint();
    const ctx = world.as("operator");
    expect((await errorOf(addTicketAttachment(ctx, store, ticket.id, { fileName: "a.png", contentType: "image/png", bytes: HTML })))?.code).toBe("attachment_type_not_allowed");
    expect((await errorOf(addTicketAttachment(ctx, store, ticket.id, { fileName: "a.jpg", contentType: "image/jpeg", bytes: PDF })))?.code).toBe("attachment_type_mismatch");
    expect((await errorOf(addTicketAttachment(ctx, store, ticket.id, { fileName: "a.pdf", contentType: "application/pdf", bytes: new Uint8Array() })))?.code).toBe("attachment_empty");
    await putSetting(database.db, "attachments.policy", { maxBytes: 2048, maxCitizenFiles: 3 }, new Date());
    const big = new Uint8Array(4096);
    big.set(PDF);
    const tooBig = await errorOf(addTicketAttachment(ctx, store, ticket.id, { fileName: "big.pdf", contentType: "application/pdf", bytes: big }));
    expect(tooBig).toMatchObject({ code: "attachment_too_large", status: 400 });
    await putSetting(database.db, "attachments.policy", { maxBytes: 10 * 1024 * 1024, maxCitizenFiles: 3 }, new Date());
    // A declared octet-stream is fine when the bytes are a PDF; the stored type comes from the bytes.
    const ok = await addTicketAttachment(ctx, store, ticket.id, { fileName: "scan", contentType: "application/octet-stream", bytes: PDF });
    expect(ok.contentType).toBe("application/pdf");
    expect(store.keys()).toEqual([ok.storageKey]);
  });

  it("lets a citizen attach only with the query code and up to the limit", async () => {
    const store = memoryAttachmentStore();
    const ticket = await world.complaint();
    const citizen = world.as("citizen");
    const file = { fileName: "p.pdf", contentType: "application/pdf", bytes: PDF };
    expect((await errorOf(addTicketAttachment(citizen, store, ticket.id, file)))?.status).toBe(404);
    expect((await errorOf(addTicketAttachment(citizen, store, ticket.id, file, { queryCode: "000000" === ticket.queryCode ? "111111" : "000000" })))?.status).toBe(404);
    for (let i = 0; i < 3; i++) await addTicketAttachment(citizen, store, ticket.id, file, { queryCode: ticket.queryCode });
    expect((await errorOf(addTicketAttachment(citizen, store, ticket.id, file, { queryCode: ticket.queryCode })))?.code).toBe("attachment_limit_reached");
    expect(store.keys()).toHaveLength(3);
  });

  it("deletes the stored bytes again when the row cannot be inserted", async () => {
    const ticket = await world.complaint();
    const inner = memoryAttachmentStore();
    let duplicateKey = "";
    // A store that reports the key of an existing row: the unique storage_key makes the insert fail.
    const [existing] = await database.db.select().from(ticketAttachments).limit(1);
    const store: AttachmentStore & { keys(): string[] } = {
      ...inner,
      async put(key, bytes) {
        duplicateKey = key;
        await inner.put(key, bytes);
        const { id: _id, ...copy } = existing!;
        await database.db.insert(ticketAttachments).values({ ...copy, ticketId: ticket.id, storageKey: key });
      },
    };
    const error = await errorOf(addTicketAttachment(world.as("operator"), store, ticket.id, { fileName: "x.png", contentType: "image/png", bytes: PNG }));
    expect(error).toBeInstanceOf(Error);
    expect(inner.keys()).toEqual([]);
    expect(await database.db.select().from(ticketAttachments).where(eq(ticketAttachments.storageKey, duplicateKey))).toHaveLength(1);
  });
});
