import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { signForm } from "~/telephony/signature";
import { startAppProcess } from "./lib/app-process";
import { type BenchOptions, type BenchRow, closedLoop, ms, perSecond } from "./lib/measure";
import { scratchPostgres } from "./lib/scratch-postgres";

/**
 * POST /telephony/voice at concurrency 50 (signature check, call-log upsert, IVR prompts read,
 * TwiML) on PostgreSQL, against a bare node:http server answering a fixed TwiML, measured in the
 * same run. Both servers run in child processes of their own; this process only generates load.
 */
const CONCURRENCY = 50;
const TOKEN = randomBytes(16).toString("hex");
const TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="zh-CN">您好</Say></Response>';

/** One request of the loop: the whole answer read, anything but 200 an error. */
async function expectOk(response: Promise<Response>) {
  const answer = await response;
  await answer.arrayBuffer();
  if (answer.status !== 200) throw new Error(`answered ${answer.status}`);
}

/** The baseline: node:http answering the fixed TwiML after reading the body, in its own process. */
function startBareServer(): Promise<{ url: string; stop(): void }> {
  const program = `
    const body = ${JSON.stringify(TWIML)};
    const server = require("node:http").createServer((req, res) => {
      req.resume();
      req.on("end", () => res.writeHead(200, { "content-type": "text/xml" }).end(body));
    });
    server.listen(0, "127.0.0.1", () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ["-e", program], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`bare server exited (${code})`)));
    child.stdout.once("data", (port: Buffer) => {
      child.removeAllListeners("exit");
      resolve({ url: `http://127.0.0.1:${String(port).trim()}/`, stop: () => child.kill() });
    });
  });
}

export async function run(options: BenchOptions): Promise<BenchRow[]> {
  const seconds = Number(options.args.seconds ?? (options.full ? 30 : 10));
  const scratch = await scratchPostgres();
  const bare = await startBareServer();
  const hotline = await startAppProcess({ TWILIO_AUTH_TOKEN: TOKEN, DATABASE_URL: scratch.url, WORKERS: "off", DEMO_TICKETS: "false" });
  try {
    let n = 0;
    const voice = () => {
      // A new call each time: the realistic case (one upsert insert per request).
      const params = { CallSid: `CA${(n++).toString(16).padStart(32, "0")}`, From: "+8613800001234", To: "+8612345", CallStatus: "ringing", AccountSid: "ACbench" };
      // The server's PUBLIC_URL defaults to http://localhost:$PORT with PORT=0.
      return fetch(`${hotline.baseUrl}/telephony/voice`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signForm(TOKEN, "http://localhost:0/telephony/voice", params) },
        body: new URLSearchParams(params),
      });
    };
    const plain = () => fetch(bare.url, { method: "POST", body: "CallSid=CA1", headers: { "content-type": "application/x-www-form-urlencoded" } });
    await closedLoop(CONCURRENCY, 3, () => expectOk(voice())); // warm-up: JIT, pool, plans
    await closedLoop(CONCURRENCY, 3, () => expectOk(plain()));
    const baseline = await closedLoop(CONCURRENCY, seconds, () => expectOk(plain()));
    const measured = await closedLoop(CONCURRENCY, seconds, () => expectOk(voice()));
    const share = measured.rate / baseline.rate;
    return [
      {
        measure: `POST /telephony/voice, concurrency ${CONCURRENCY}, ${seconds} s`,
        result: `${perSecond(measured.rate, "req")} (${(share * 100).toFixed(0)} % of bare), p50 ${ms(measured.p50)}, p99 ${ms(measured.p99)}, ${measured.errors} errors`,
        baseline: `bare node:http, fixed TwiML: ${perSecond(baseline.rate, "req")}, p99 ${ms(baseline.p99)}`,
        target: "≥ 30 % of bare, p99 ≤ 100 ms",
        met: measured.errors === 0 && share >= 0.3 && measured.p99 <= 100,
      },
    ];
  } finally {
    await hotline.stop();
    bare.stop();
    await scratch.drop();
  }
}
