import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AttachmentStore } from "~/domain/attachments";

/** Keys are random hex ids made by domain/attachments; anything else is refused (no path tricks). */
const KEY = /^[a-f0-9]{16,64}$/;

function checkKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`invalid attachment key ${JSON.stringify(key)}`);
  return key;
}

/** Where attachments live under DATA_DIR. */
export function attachmentsDirectory(dataDir: string): string {
  return path.join(dataDir, "attachments");
}

/**
 * Attachment bytes on disk under `${DATA_DIR}/attachments/`, in sub-folders by the first two
 * characters of the key (ab/abcdef…). A file is written to a temporary name in the same folder
 * and renamed into place, so a reader never sees half a file and a crash leaves only a `.tmp-`.
 */
export function createDiskAttachmentStore(root: string): AttachmentStore {
  const absolute = path.resolve(root);
  const fileFor = (key: string) => path.join(absolute, checkKey(key).slice(0, 2), key);
  return {
    async put(key, bytes) {
      const target = fileFor(key);
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = path.join(path.dirname(target), `.tmp-${key}-${randomBytes(4).toString("hex")}`);
      try {
        await writeFile(temporary, bytes, { flag: "wx", mode: 0o640 });
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true }).catch(() => {});
        throw error;
      }
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(fileFor(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(fileFor(key), { force: true });
    },
  };
}

/**
 * Whether attachments can be written under `root` now: creates the directory and writes and
 * removes a probe file. Returns the error's message, or null when all is well. Run at start so
 * that a storage fault (wrong DATA_DIR, full or read-only volume) is in the log before the first
 * citizen's photo is refused.
 */
export async function probeAttachmentStore(root: string): Promise<string | null> {
  const probe = path.join(path.resolve(root), `.probe-${randomBytes(4).toString("hex")}`);
  try {
    await mkdir(path.dirname(probe), { recursive: true });
    await writeFile(probe, "", { flag: "wx" });
    await rm(probe, { force: true });
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
