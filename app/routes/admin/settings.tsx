import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { adminCommandContext, requireAdministrator } from "~/app/admin.server";
import { formNumber, runAdminDataAction } from "~/app/admin-data.server";
import { AdminTabs } from "~/app/components/admin-tabs";
import { Notice, useFormErrorFor } from "~/app/components/admin-data";
import { FormError } from "~/app/components/form-error";
import { formText, readForm } from "~/app/form.server";
import { messages } from "~/app/i18n";
import stylesheet from "~/app/styles/admin-data.css?url";
import { getTicketSettings, updateLockoutPolicy, updateNumberPrefix, updateSuspendReasons } from "~/domain/admin-data/ticket-settings";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

const PATH = "/admin/settings";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdministrator(request, context);
  return { settings: await getTicketSettings(context.services.db) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = adminCommandContext(request, context);
  const form = await readForm(request);
  return runAdminDataAction(form, PATH, async (intent) => {
    switch (intent) {
      case "number-prefix":
        await updateNumberPrefix(ctx, formText(form, "numberPrefix"));
        return "saved";
      case "suspend-reasons":
        await updateSuspendReasons(
          ctx,
          String(form.get("suspendReasons") ?? "")
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter((line) => line !== ""),
        );
        return "saved";
      case "lockout":
        await updateLockoutPolicy(ctx, { maxFailures: formNumber(form, "maxFailures"), lockMinutes: formNumber(form, "lockMinutes") });
        return "saved";
      default:
        return null;
    }
  });
}

export default function SettingsPage() {
  const { settings } = useLoaderData<typeof loader>();
  const errorFor = useFormErrorFor();
  const busy = useNavigation().state !== "idle";
  const t = messages.adminData.settings;
  return (
    <>
      <h1>{t.title}</h1>
      <AdminTabs />
      <Notice messages={{ saved: t.saved }} />

      <section className="panel">
        <h2>{t.numberPrefixTitle}</h2>
        <p className="muted small">{t.numberPrefixIntro}</p>
        <Form method="post" className="form-inline">
          <input type="hidden" name="intent" value="number-prefix" />
          <label>
            {t.numberPrefix}
            <input name="numberPrefix" maxLength={8} pattern="[A-Za-z0-9\-]{0,8}" className="short" defaultValue={settings.numberPrefix} autoComplete="off" />
          </label>
          <button type="submit" className="button primary" disabled={busy}>
            {messages.common.save}
          </button>
          <span className="muted small">{t.example(`${settings.numberPrefix}2026030200017`)}</span>
        </Form>
        <FormError error={errorFor("number-prefix")} />
      </section>

      <section className="panel">
        <h2>{t.suspendTitle}</h2>
        <p className="muted small">{t.suspendIntro}</p>
        <Form method="post" key={settings.suspendReasons.join("\n")}>
          <input type="hidden" name="intent" value="suspend-reasons" />
          <label>
            {t.suspendReasons}
            <textarea name="suspendReasons" className="reasons" defaultValue={settings.suspendReasons.join("\n")} />
          </label>
          <FormError error={errorFor("suspend-reasons")} />
          <button type="submit" className="button primary" disabled={busy}>
            {messages.common.save}
          </button>
        </Form>
      </section>

      <section className="panel">
        <h2>{t.lockoutTitle}</h2>
        <p className="muted small">{t.lockoutIntro}</p>
        <Form method="post" className="form-inline">
          <input type="hidden" name="intent" value="lockout" />
          <label>
            {t.maxFailures}
            <input name="maxFailures" type="number" min={1} max={100} required className="tiny" defaultValue={settings.lockout.maxFailures} />
          </label>
          <label>
            {t.lockMinutes}
            <input name="lockMinutes" type="number" min={1} max={1440} required className="tiny" defaultValue={settings.lockout.lockMinutes} />
          </label>
          <button type="submit" className="button primary" disabled={busy}>
            {messages.common.save}
          </button>
        </Form>
        <FormError error={errorFor("lockout")} />
      </section>
    </>
  );
}
