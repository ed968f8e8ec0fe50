import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { adminCommandContext, requireAdministrator } from "~/app/admin.server";
import { formNumber, runAdminDataAction } from "~/app/admin-data.server";
import { AdminTabs } from "~/app/components/admin-tabs";
import { Notice, useFormErrorFor } from "~/app/components/admin-data";
import { FormError } from "~/app/components/form-error";
import { messages } from "~/app/i18n";
import stylesheet from "~/app/styles/admin-data.css?url";
import { getRatingSettings, SMS_TEMPLATE_KINDS, updateCitizenSmsTemplates, updateRatingPolicy } from "~/domain/admin-data/rating-settings";
import { readForm } from "~/app/form.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = () => [{ title: `${messages.ratings.admin.title} · ${messages.appShortName}` }];

const PATH = "/admin/ratings";
const POLICY_FIELDS = ["callbackAfterHours", "defaultAfterDays", "defaultLevel", "badAtOrBelow", "rectificationWorkingDays", "closeAfterRounds"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdministrator(request, context);
  return { ...(await getRatingSettings(context.services.db)), kinds: SMS_TEMPLATE_KINDS };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = adminCommandContext(request, context);
  const form = await readForm(request);
  return runAdminDataAction(form, PATH, async (intent) => {
    switch (intent) {
      case "policy":
        await updateRatingPolicy(ctx, Object.fromEntries(POLICY_FIELDS.map((f) => [f, formNumber(form, f)])) as Record<(typeof POLICY_FIELDS)[number], number>);
        return "saved";
      case "sms":
        // Not trimmed here: the domain trims and checks each template.
        await updateCitizenSmsTemplates(ctx, Object.fromEntries(SMS_TEMPLATE_KINDS.map((k) => [k, String(form.get(k) ?? "")])));
        return "saved";
      default:
        return null;
    }
  });
}

export default function RatingSettingsPage() {
  const { policy, sms, kinds } = useLoaderData<typeof loader>();
  const errorFor = useFormErrorFor();
  const busy = useNavigation().state !== "idle";
  const t = messages.ratings.admin;
  const levels = messages.ratings.levels;
  const levelSelect = (name: "defaultLevel" | "badAtOrBelow", max: number) => (
    <select name={name} defaultValue={policy[name]} required>
      {[5, 4, 3, 2, 1]
        .filter((l) => l <= max)
        .map((l) => (
          <option key={l} value={l}>
            {l} {levels[l]}
          </option>
        ))}
    </select>
  );
  return (
    <>
      <h1>{t.title}</h1>
      <AdminTabs />
      <Notice messages={{ saved: t.saved }} />

      <section className="panel">
        <h2>{t.policyTitle}</h2>
        <p className="muted small">{t.policyIntro}</p>
        <Form method="post" className="form-inline" key={JSON.stringify(policy)}>
          <input type="hidden" name="intent" value="policy" />
          <label>
            {t.callbackAfterHours}
            <input name="callbackAfterHours" type="number" min={0} max={720} step="any" required className="tiny" defaultValue={policy.callbackAfterHours} />
          </label>
          <label>
            {t.defaultAfterDays}
            <input name="defaultAfterDays" type="number" min={1} max={60} required className="tiny" defaultValue={policy.defaultAfterDays} />
          </label>
          <label>
            {t.defaultLevel}
            {levelSelect("defaultLevel", 5)}
          </label>
          <label>
            {t.badAtOrBelow}
            {levelSelect("badAtOrBelow", 4)}
          </label>
          <label>
            {t.rectificationWorkingDays}
            <input name="rectificationWorkingDays" type="number" min={1} max={60} required className="tiny" defaultValue={policy.rectificationWorkingDays} />
          </label>
          <label>
            {t.closeAfterRounds}
            <input name="closeAfterRounds" type="number" min={1} max={10} required className="tiny" defaultValue={policy.closeAfterRounds} />
          </label>
          <button type="submit" className="button primary" disabled={busy}>
            {messages.common.save}
          </button>
        </Form>
        <FormError error={errorFor("policy")} />
      </section>

      <section className="panel">
        <h2>{t.smsTitle}</h2>
        <p className="muted small">{t.smsIntro}</p>
        <Form method="post" key={JSON.stringify(sms)}>
          <input type="hidden" name="intent" value="sms" />
          <div className="form-stack">
            {kinds.map((kind) => (
              <label key={kind}>
                {t.smsKinds[kind]}
                <textarea name={kind} required minLength={5} maxLength={300} rows={3} defaultValue={sms[kind]} />
              </label>
            ))}
            <FormError error={errorFor("sms")} />
            <div>
              <button type="submit" className="button primary" disabled={busy}>
                {messages.common.save}
              </button>
            </div>
          </div>
        </Form>
      </section>
    </>
  );
}
