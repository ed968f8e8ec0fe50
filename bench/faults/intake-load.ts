import { randomInt } from "node:crypto";

/** The Open311 key the fault runs give the server (OPEN311_API_KEYS) and post with. */
export const OPEN311_KEY = "fault-run-open311-key-0001";
/** A request that has not answered in this long counts as hung (the finding is "it hangs"). */
const HANG_MS = 30_000;

export interface IntakeTally {
  /** Ticket numbers the server gave back (service_request_id): each is a promise to the citizen. */
  acknowledged: string[];
  /** Answers that were not a ticket, by HTTP status ("503", "500", …). */
  refused: Map<string, number>;
  /** Requests that never got an answer: connection refused or reset ("ECONNREFUSED", …). */
  networkErrors: Map<string, number>;
  /** Requests still unanswered after HANG_MS. */
  hung: number;
  /** Milliseconds until each failed request failed: how fast an outage is reported. */
  failureMs: number[];
  /** When (ms since the load started) each acknowledgement arrived, to see recovery. */
  acknowledgedAt: number[];
  /** Milliseconds each acknowledged request took. */
  acknowledgedMs: number[];
}

export interface IntakeLoad {
  tally: IntakeTally;
  /** Point the clients at another address (a restarted server). */
  retarget(baseUrl: string): void;
  /** Let every client finish its request in flight and stop. */
  stop(): Promise<IntakeTally>;
}

/**
 * `clients` concurrent Open311 clients, each posting one complaint after another (form-encoded,
 * with the API key) until stopped. Every answer is tallied; nothing is retried, so each
 * acknowledged number is exactly one ticket the caller was told exists.
 */
export function startIntakeLoad(baseUrl: string, serviceCode: string, clients: number): IntakeLoad {
  const tally: IntakeTally = { acknowledged: [], refused: new Map(), networkErrors: new Map(), hung: 0, failureMs: [], acknowledgedAt: [], acknowledgedMs: [] };
  const began = performance.now();
  let target = baseUrl;
  let running = true;
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

  async function once(client: number, seq: number) {
    const body = new URLSearchParams({
      api_key: OPEN311_KEY,
      service_code: serviceCode,
      description: `故障演练 客户端${client} 第${seq}件：小区门口路灯不亮，夜间行人看不清路面。`,
      address_string: `演练路 ${client} 号`,
      first_name: "演练",
      last_name: "王",
      phone: `139${String(randomInt(0, 100_000_000)).padStart(8, "0")}`,
    });
    const started = performance.now();
    try {
      const response = await fetch(`${target}/open311/v2/requests.json`, { method: "POST", body, signal: AbortSignal.timeout(HANG_MS) });
      const text = await response.text();
      const number = response.ok ? (JSON.parse(text) as { service_request_id?: string }[])[0]?.service_request_id : undefined;
      if (number) {
        tally.acknowledged.push(number);
        tally.acknowledgedAt.push(performance.now() - began);
        tally.acknowledgedMs.push(performance.now() - started);
        return;
      }
      bump(tally.refused, String(response.status));
    } catch (error) {
      if ((error as Error).name === "TimeoutError") tally.hung += 1;
      else bump(tally.networkErrors, networkCode(error));
    }
    tally.failureMs.push(performance.now() - started);
    // A refused client backs off a little, as a real integration would, instead of spinning.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const loops = Array.from({ length: clients }, async (_, client) => {
    for (let seq = 1; running; seq += 1) await once(client, seq);
  });
  return {
    tally,
    retarget: (url) => void (target = url),
    async stop() {
      running = false;
      await Promise.all(loops);
      return tally;
    },
  };
}

function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as Error).name ?? "error";
}

/** The first public category code of the server (Open311 services list). */
export async function firstServiceCode(baseUrl: string): Promise<string> {
  const services = (await (await fetch(`${baseUrl}/open311/v2/services.json`)).json()) as { service_code: string }[];
  if (!services[0]) throw new Error("the server lists no Open311 services");
  return services[0].service_code;
}
