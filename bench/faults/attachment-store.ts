import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { queryRows } from "~/db/client";
import { listPublicCategories } from "~/domain/public-requests";
import { DEMO_PASSWORD } from "~/domain/setup/demo-accounts";
import { signIn } from "../lib/http";
import type { BenchRow } from "../lib/measure";
import { prepareDatabase, withDatabase } from "./database";
import { countLogLines } from "./format";
import { freePort } from "./ports";
import type { PrivatePostgres } from "./private-postgres";
import { startAppProcess } from "../lib/app-process";

/** A 1×1 PNG: a real image, so the upload passes every check before the store is reached. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
/** What a stack trace looks like in a page; a person must never see one. */
const STACK = /\n\s+at [\w.<>]+ \(|Error: ENOTDIR/;

/**
 * Fault 4: attachment storage failing. DATA_DIR lies below a regular file, so every write under
 * DATA_DIR/attachments fails with ENOTDIR (chmod would not stop root). A citizen files a
 * complaint with a photo on /report, and an operator attaches a photo on the ticket page. The
 * person must get words, not a stack; the ticket must be whole without the file, or nothing written.
 */
export async function attachmentStoreFailing(cluster: PrivatePostgres): Promise<BenchRow[]> {
  const url = await prepareDatabase(cluster, "fault_attachments");
  const scratch = mkdtempSync(path.join(tmpdir(), "fault-attach-"));
  const blocker = path.join(scratch, "not-a-directory");
  writeFileSync(blocker, "a regular file where a directory should be\n");
  const server = await startAppProcess({ DATABASE_URL: url, WORKERS: "off", DEMO_TICKETS: "false", DATA_DIR: path.join(blocker, "data") }, await freePort());
  try {
    const base = server.baseUrl;
    const categoryId = await withDatabase(url, async (h) => (await listPublicCategories(h.db))[0]!.id);

    // The citizen form: multipart with the photo, from our own page (Origin as a browser sends it).
    const form = new FormData();
    for (const [name, value] of Object.entries({ requestType: "complaint", categoryId: String(categoryId), title: "路灯不亮", description: "小区门口路灯不亮已经一周，夜间行人看不清路面。", address: "演练路 1 号", name: "王演练", phone: "13900001111" })) {
      form.set(name, value);
    }
    form.set("files", new Blob([PNG], { type: "image/png" }), "路灯.png");
    const report = await fetch(`${base}/report`, { method: "POST", body: form, headers: { Origin: base } });
    const reportPage = await report.text();
    const number = /data-testid="ticket-number">(\d+)</.exec(reportPage)?.[1] ?? null;
    const citizenMessage = /role="alert">([^<]*未能保存[^<]*)</.exec(reportPage)?.[1] ?? null;

    // The operator's upload on that ticket.
    const cookie = await signIn(base, "operator", DEMO_PASSWORD);
    const ticket = number ? await withDatabase(url, async (h) => (await queryRows<{ id: number }>(h.db, sql`select id from tickets where number = ${number}`))[0]) : undefined;
    const upload = new FormData();
    upload.set("file", new Blob([PNG], { type: "image/png" }), "现场.png");
    const staff = ticket ? await fetch(`${base}/tickets/${ticket.id}/attachments`, { method: "POST", body: upload, headers: { Origin: base, Cookie: cookie }, redirect: "manual" }) : null;
    const staffPage = (await staff?.text()) ?? "";
    const staffMessage = /role="alert">\s*(?:<h1>[^<]*<\/h1>)?\s*<p>([^<]*)<\/p>|role="alert">([^<]+)</.exec(staffPage);

    const [written] = await withDatabase(url, (h) =>
      queryRows<{ tickets: number; attachments: number }>(h.db, sql`select (select count(*)::int from tickets) as tickets, (select count(*)::int from ticket_attachments) as attachments`),
    );
    const startupWarning = countLogLines(server.output(), "attachment storage is not writable") > 0;
    const nothingHalf = written!.attachments === 0;
    return [
      {
        measure: "attachment storage failing (ENOTDIR): citizen report with a photo (/report)",
        result: `${report.status}, ticket ${number ?? "none"}; told: “${citizenMessage ?? "nothing"}”; ${written!.tickets} ticket, ${written!.attachments} attachment rows`,
        baseline: "—",
        target: "clear message; ticket whole without the file",
        met: report.status === 201 && number !== null && citizenMessage !== null && nothingHalf && !STACK.test(reportPage),
      },
      {
        measure: "attachment storage failing (ENOTDIR): operator attaches a photo (/tickets/:id/attachments)",
        result:
          `${staff?.status ?? "not run"}; told: “${(staffMessage?.[1] ?? staffMessage?.[2] ?? "nothing").trim()}”; stack shown: ${STACK.test(staffPage) ? "yes" : "no"}; ` +
          `${written!.attachments} attachment rows; warned at start: ${startupWarning ? "yes" : "no"}`,
        baseline: "—",
        target: "clear error, nothing written",
        met: staff !== null && staff.status >= 400 && staffMessage !== null && !STACK.test(staffPage) && nothingHalf,
      },
    ];
  } finally {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
