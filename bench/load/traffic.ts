import { setTimeout as sleep } from "node:timers/promises";
import type { HttpClient, HttpResponse, RequestOptions } from "./http-client";
import type { Outcome, Recorder } from "./recorder";

/** What every simulated user shares: the server, the clock that stops them, and the findings. */
export interface Traffic {
  client: HttpClient;
  recorder: Recorder;
  /** The server's origin, sent as Origin with every form post (the app's CSRF check). */
  origin: string;
  /** performance.now() after which no new request starts. */
  until: number;
  /** Receipts (number + query code) of tickets made during the run, for status look-ups. */
  receipts: ReceiptPool;
  random: () => number;
  /** 1 under load; 0 for the idle baseline, where one user at a time sends request after request. */
  thinkScale: number;
}

/** Which statuses count as success for a request; 409 is the expected answer to a lost race. */
export type Judge = (response: HttpResponse) => Outcome;

export const expectStatus =
  (...statuses: number[]): Judge =>
  (response) =>
    statuses.includes(response.status) ? { kind: "ok" } : { kind: "error", detail: `${response.status} ${response.body.slice(0, 200)}` };

export const running = (traffic: Traffic) => performance.now() < traffic.until;

/** A think time drawn from [min, max] seconds, cut short when the run ends. */
export async function think(traffic: Traffic, [min, max]: readonly [number, number]) {
  const wait = (min + traffic.random() * (max - min)) * 1000 * traffic.thinkScale;
  await sleep(Math.max(0, Math.min(wait, traffic.until - performance.now())));
}

/** Sends one request, times it to the last byte and records it under its traffic class. */
export async function timed(traffic: Traffic, trafficClass: string, method: string, path: string, options: RequestOptions, judge: Judge): Promise<HttpResponse | null> {
  const started = performance.now();
  try {
    const response = await traffic.client.send(method, path, options);
    const outcome = judge(response);
    traffic.recorder.record(trafficClass, performance.now() - started, outcome);
    return outcome.kind === "ok" ? response : null;
  } catch (error) {
    traffic.recorder.record(trafficClass, performance.now() - started, { kind: "error", detail: `${method} ${path}: ${String(error)}` });
    return null;
  }
}

export const formBody = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
export const FORM_TYPE = "application/x-www-form-urlencoded";

export const pick = <T>(traffic: Traffic, items: readonly T[]): T => items[Math.floor(traffic.random() * items.length)]!;

/** The most recent receipts, bounded; citizens look up a random one. */
export class ReceiptPool {
  private readonly receipts: { number: string; code: string }[] = [];
  add(number: string, code: string) {
    this.receipts.push({ number, code });
    if (this.receipts.length > 2000) this.receipts.shift();
  }
  pick(random: () => number) {
    return this.receipts.length ? this.receipts[Math.floor(random() * this.receipts.length)]! : null;
  }
}

/** The numeric option values of the page's `<select name="…">` (e.g. the category ids). */
export function optionIds(html: string, selectName: string): string[] {
  const start = html.indexOf(`name="${selectName}"`);
  const select = start < 0 ? "" : html.slice(start, html.indexOf("</select>", start));
  return [...select.matchAll(/<option value="(\d+)"/g)].map((m) => m[1]!);
}
