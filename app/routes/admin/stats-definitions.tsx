import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { adminCommandContext, requireAdministrator } from "~/app/admin.server";
import { formNumber, runAdminDataAction } from "~/app/admin-data.server";
import { AdminTabs } from "~/app/components/admin-tabs";
import { Notice, useFormErrorFor } from "~/app/components/admin-data";
import { FormError } from "~/app/components/form-error";
import { DefinitionsList } from "~/app/components/stats";
import { messages } from "~/app/i18n";
import { definitionLines } from "~/app/stats.server";
import stylesheet from "~/app/styles/admin-data.css?url";
import statsStyles from "~/app/styles/stats.css?url";
import { updateStatsDefinitions } from "~/domain/admin-data/stats-definitions";
import { getStatsDefinitions } from "~/domain/stats/definitions";
import { readForm } from "~/app/form.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "stylesheet", href: statsStyles },
];
export const meta: MetaFunction = () => [{ title: `${messages.stats.admin.title} · ${messages.appShortName}` }];

const PATH = "/admin/stats-definitions";
const LEVELS = [5, 4, 3, 2, 1] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdministrator(request, context);
  const definitions = await getStatsDefinitions(context.services.db);
  return { definitions, lines: definitionLines(definitions) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = adminCommandContext(request, context);
  const form = await readForm(request);
  return runAdminDataAction(form, PATH, async (intent) => {
    if (intent !== "definitions") return null;
    await updateStatsDefinitions(ctx, {
      satisfiedLevels: form.getAll("satisfiedLevels").map((v) => (typeof v === "string" && /^\d$/.test(v) ? Number(v) : Number.NaN)),
      includeDefaulted: form.get("includeDefaulted") === "on",
      weights: { response: formNumber(form, "weightResponse"), resolution: formNumber(form, "weightResolution"), satisfaction: formNumber(form, "weightSatisfaction") },
    });
    return "saved";
  });
}

export default function StatsDefinitionsPage() {
  const { definitions, lines } = useLoaderData<typeof loader>();
  const errorFor = useFormErrorFor();
  const busy = useNavigation().state !== "idle";
  const t = messages.stats.admin;
  const key = JSON.stringify(definitions);
  return (
    <>
      <h1>{t.title}</h1>
      <AdminTabs />
      <Notice messages={{ saved: t.saved }} />
      <section className="panel">
        <h2>{t.current}</h2>
        <DefinitionsList lines={lines} />
      </section>
      <section className="panel">
        <p className="muted small">{t.intro}</p>
        <Form method="post" className="form-stack" key={key}>
          <input type="hidden" name="intent" value="definitions" />
          <fieldset className="checkbox-group">
            <legend>{t.satisfiedLevels}</legend>
            {LEVELS.map((level) => (
              <label key={level}>
                <input type="checkbox" name="satisfiedLevels" value={level} defaultChecked={definitions.satisfiedLevels.includes(level)} />
                {messages.stats.levels[level]}
              </label>
            ))}
          </fieldset>
          <label>
            <input type="checkbox" name="includeDefaulted" defaultChecked={definitions.includeDefaulted} /> {t.includeDefaulted}
          </label>
          <fieldset className="form-inline">
            <legend>{t.weights}</legend>
            <label>
              {t.weightResponse}
              <input name="weightResponse" type="number" min={0} max={10} step={0.1} required className="tiny" defaultValue={definitions.weights.response} />
            </label>
            <label>
              {t.weightResolution}
              <input name="weightResolution" type="number" min={0} max={10} step={0.1} required className="tiny" defaultValue={definitions.weights.resolution} />
            </label>
            <label>
              {t.weightSatisfaction}
              <input name="weightSatisfaction" type="number" min={0} max={10} step={0.1} required className="tiny" defaultValue={definitions.weights.satisfaction} />
            </label>
          </fieldset>
          <FormError error={errorFor("definitions")} />
          <div>
            <button type="submit" className="button primary" disabled={busy}>
              {messages.common.save}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
