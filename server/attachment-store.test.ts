import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDiskAttachmentStore } from "./attachment-store";

describe("disk attachment store", () => {
  it("puts, gets and deletes by key, leaving no temporary files", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "hotline-attachments-"));
    const store = createDiskAttachmentStore(root);
    const key = "0123456789abcdef0123456789abcdef";
    await store.put(key, new Uint8Array([1, 2, 3]));
    expect([...(await store.get(key))!]).toEqual([1, 2, 3]);
    expect(readdirSync(path.join(root, "01"))).toEqual([key]);
    await store.delete(key);
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
  });

  it("refuses keys that are not random ids (no paths)", async () => {
    const store = createDiskAttachmentStore(mkdtempSync(path.join(tmpdir(), "hotline-attachments-")));
    await expect(store.put("../../etc/passwd", new Uint8Array([1]))).rejects.toThrow(/invalid attachment key/);
    await expect(store.get("photo.png")).rejects.toThrow(/invalid attachment key/);
  });
});
