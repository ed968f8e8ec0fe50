import { REPORTS } from "./texts";
import { expectStatus, FORM_TYPE, formBody, optionIds, pick, running, think, timed, type Traffic } from "./traffic";

/** Citizens think between a visit's steps and between visits (reading, filling in), in seconds. */
export const CITIZEN_THINK = [3, 10] as const;

let visitors = 0;
/**
 * Each visit comes from an address of its own, as citizens do, sent in X-Forwarded-For to a
 * server run with TRUST_PROXY=true, as it runs behind a load balancer. So the per-IP limits of
 * domain/rate-limit.ts apply exactly as configured (status look-ups 30 per 10 min, reports 20 per
 * hour) without one loopback address standing for everybody. The addresses are from the IPv6
 * documentation prefix 2001:db8::/32 and are never connected to.
 */
const nextVisitorAddress = () => `2001:db8:${((++visitors >>> 16) & 0xffff).toString(16)}::${(visitors & 0xffff).toString(16)}`;

/**
 * A citizen session: visit after visit, each a status look-up of a real receipt, a
 * knowledge-base search or two, or (less often) a complaint through the public form.
 */
export function citizen(traffic: Traffic, questions: readonly string[]): () => Promise<void> {
  return async () => {
    while (running(traffic)) {
      const headers = { "x-forwarded-for": nextVisitorAddress() };
      const roll = traffic.random();
      const receipt = traffic.receipts.pick(traffic.random);
      if (roll < 0.45 && receipt) {
        const query = new URLSearchParams({ number: receipt.number, code: receipt.code });
        await timed(traffic, "citizen: GET /status (look-up)", "GET", `/status?${query}`, { headers }, expectStatus(200));
      } else if (roll < 0.85) {
        for (let i = traffic.random() < 0.3 ? 2 : 1; i > 0 && running(traffic); i--) {
          const q = encodeURIComponent(pick(traffic, questions));
          await timed(traffic, "citizen: GET /api/kb/search", "GET", `/api/kb/search?q=${q}&limit=10`, { headers }, expectStatus(200));
          if (i > 1) await think(traffic, CITIZEN_THINK);
        }
      } else {
        await report(traffic, headers);
      }
      await think(traffic, CITIZEN_THINK);
    }
  };
}

/** The public complaint form, filled in and sent; its receipt joins the pool for look-ups. */
async function report(traffic: Traffic, headers: Record<string, string>) {
  const form = await timed(traffic, "citizen: GET /report", "GET", "/report", { headers }, expectStatus(200));
  await think(traffic, CITIZEN_THINK);
  if (!form || !running(traffic)) return;
  const content = pick(traffic, REPORTS);
  const categories = optionIds(form.body, "categoryId");
  const fields = {
    requestType: "complaint",
    categoryId: categories.length ? pick(traffic, categories) : "",
    title: content.title,
    description: content.description,
    address: content.address || "人民路 1 号",
    name: "市民",
    // A phone of its own per report: the per-phone limit is 5 a day.
    phone: `137${String(Math.floor(traffic.random() * 1e8)).padStart(8, "0")}`,
    website: "",
  };
  const sent = await timed(
    traffic,
    "citizen: POST /report",
    "POST",
    "/report",
    { headers: { ...headers, origin: traffic.origin, "content-type": FORM_TYPE }, body: formBody(fields) },
    expectStatus(201),
  );
  const number = sent && /data-testid="ticket-number">([^<]+)</.exec(sent.body)?.[1];
  const code = sent && /data-testid="query-code">([^<]+)</.exec(sent.body)?.[1];
  if (number && code) traffic.receipts.add(number, code);
}
