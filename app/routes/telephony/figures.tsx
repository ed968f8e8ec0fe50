import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { messages, timeZone } from "~/app/i18n";
import { requireFiguresUser } from "~/app/telephony.server";
import { getHotlineFigures } from "~/domain/telephony/hotline-figures";

export const meta: MetaFunction = () => [{ title: `${messages.telephony.figures.title} · ${messages.appShortName}` }];

const REFRESH_MS = 10_000;

/** Midnight today in Beijing time (UTC+8, no daylight saving). */
function startOfLocalDay(now: Date) {
  const local = new Date(now.getTime() + 8 * 3_600_000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - 8 * 3_600_000);
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireFiguresUser(request, context);
  const now = context.services.clock.now();
  const from = startOfLocalDay(now);
  return getHotlineFigures(context.services.db, { from, to: new Date(from.getTime() + 86_400_000) }, timeZone);
}

export default function HotlineFigures() {
  const figures = useLoaderData<typeof loader>();
  const t = messages.telephony.figures;
  const revalidator = useRevalidator();
  // The live queue length is worth watching: refresh every few seconds.
  useEffect(() => {
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [revalidator]);
  const share = figures.answeredWithinTargetShare === null ? t.none : `${(figures.answeredWithinTargetShare * 100).toFixed(1)}%`;
  const rows: [string, string | number][] = [
    [t.calls, figures.calls],
    [t.queued, figures.queued],
    [t.answeredWithin, share],
    [t.abandoned, figures.abandoned],
    [t.voicemail, figures.voicemail],
    [t.averageWait, figures.averageWaitSeconds ?? t.none],
    [t.liveQueue, figures.liveQueue],
  ];
  return (
    <>
      <h1>{t.title}</h1>
      <p className="muted small">{t.intro}</p>
      <section className="panel">
        <dl className="facts" data-testid="hotline-figures">
          {rows.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>
                <strong>{value}</strong>
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="panel">
        <h2>{t.perHour}</h2>
        {figures.perHour.length === 0 ? (
          <p className="muted small">{t.none}</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th>{t.hour}</th>
                <th>{t.count}</th>
              </tr>
            </thead>
            <tbody>
              {figures.perHour.map((h) => (
                <tr key={h.hour}>
                  <td>{h.hour}</td>
                  <td>{h.calls}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
