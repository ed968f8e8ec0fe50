/**
 * POST /telephony/voice at concurrency 50 (signature check, call-log upsert, settings read, TwiML)
 * against a bare node:http server answering a fixed TwiML, measured in the same run on this
 * machine. Runs the real server (embedded PGlite in a temporary directory, or DATABASE_URL).
 * Usage: npm run bench:telephony [-- --seconds 10]
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { signForm } from "~/telephony/signature";
import { startAppProcess } from "./lib/app-process";

const CONCURRENCY = 50;
const seconds = Number(process.argv[process.argv.indexOf("--seconds") + 1]) || 10;
const TOKEN = randomBytes(16).toString("hex");

interface Result {
  name: string;
  requests: number;
  errors: number;
  latencies: number[];
  elapsedMs: number;
}

/** A closed loop: CONCURRENCY workers, each sending the next request when the last one answered. */
async function load(name: string, send: () => Promise<Response>): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        try {
          const response = await send();
          await response.arrayBuffer();
          if (response.status !== 200) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { name, requests: latencies.length, errors, latencies, elapsedMs: performance.now() - started };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

function row(r: Result) {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  const rps = (r.requests / r.elapsedMs) * 1000;
  return `| ${r.name} | ${r.requests} | ${rps.toFixed(0)} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 95).toFixed(1)} | ${percentile(sorted, 99).toFixed(1)} | ${r.errors} |`;
}

async function main() {
  const twiml = '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="zh-CN">您好</Say></Response>';
  const bare: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "text/xml" }).end(twiml));
  });
  await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
  const hotline = await startAppProcess({ TWILIO_AUTH_TOKEN: TOKEN });
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
    const plain = () => fetch(bareUrl, { method: "POST", body: "CallSid=CA1", headers: { "content-type": "application/x-www-form-urlencoded" } });
    await load("warm-up", voice);
    const results = [await load("bare node:http (fixed TwiML)", plain), await load("POST /telephony/voice", voice)];
    console.log(`\nConcurrency ${CONCURRENCY}, ${seconds} s each, ${process.env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite"}, one machine (load generator in the same process group).\n`);
    console.log("| target | requests | req/s | p50 ms | p95 ms | p99 ms | errors |");
    console.log("|---|---:|---:|---:|---:|---:|---:|");
    for (const r of results) console.log(row(r));
  } finally {
    bare.close();
    await hotline.stop();
  }
}

await main();
