import { startAppProcess } from "./bench/lib/app-process";
import { scratchPostgres } from "./bench/lib/scratch-postgres";
import { signIn } from "./bench/lib/http";
const scratch = await scratchPostgres();
await scratch.handle.close();
const app = await startAppProcess({ DATABASE_URL: scratch.url, WORKERS: "off", DEBUG_SQL: "1", DEMO_TICKETS: "true" });
const count = () => app.output().split("\n").filter((l) => l.startsWith("SQL|")).length;
const lines = () => app.output().split("\n").filter((l) => l.startsWith("SQL|"));
const pages: [string, string][] = [
  ["operator", "/intake"], ["dispatcher", "/dispatch"], ["department_handler:handler", "/department"], ["supervisor", "/supervision"],
  ["", "/status"], ["", "/report"], ["", "/api/kb/search?q=%E5%99%AA%E9%9F%B3"],
];
const cookies: Record<string, string> = {};
for (const u of ["operator", "dispatcher", "handler", "supervisor"]) cookies[u] = await signIn(app.baseUrl, u, "demo12345hotline");
const user = (r: string) => r.split(":").pop()!;
// find a ticket id for /tickets/:id and dispatch panel
const dispatchHtml = await (await fetch(app.baseUrl + "/dispatch", { headers: { cookie: cookies.dispatcher! } })).text();
const tid = /\/dispatch\?ticket=([\w-]+)/.exec(dispatchHtml)?.[1];
const deptHtml = await (await fetch(app.baseUrl + "/department", { headers: { cookie: cookies.handler! } })).text();
const tpage = /href="(\/tickets\/[\w-]+)"/.exec(deptHtml)?.[1];
if (tid) pages.push(["dispatcher", `/dispatch?ticket=${tid}`]);
if (tpage) pages.push(["handler", tpage]);
for (let round = 0; round < 3; round++) {
  for (const [role, path] of pages) {
    const before = count();
    const headers: Record<string, string> = role ? { cookie: cookies[user(role)]! } : {};
    const r = await fetch(app.baseUrl + path, { headers });
    await r.text();
    await new Promise((res) => setTimeout(res, 150));
    const after = count();
    if (round === 2) {
      console.log(`${r.status} ${path.padEnd(50)} ${after - before} statements`);
      for (const l of lines().slice(before, after)) console.log("     " + l.slice(5, 150));
    }
  }
}
await app.stop();
await scratch.drop();
