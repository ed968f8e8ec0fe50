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
import { invalidInput } from "~/domain/errors";
import { getTelephonySettings, ivrPromptsSchema, updateIvrPrompts, updateQueueSettings, updateTransferTargets } from "~/domain/telephony/telephony-settings";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

const PATH = "/admin/telephony";
const PROMPT_KEYS = Object.keys(ivrPromptsSchema.shape) as (keyof typeof ivrPromptsSchema.shape)[];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdministrator(request, context);
  return getTelephonySettings(context.services.db);
}

/** One target per line: "label,number" (a full-width comma works too). */
function parseTransferTargets(text: string) {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [label, number] = line.split(/[,，]/).map((part) => part.trim());
      if (!label || !number) throw invalidInput("transfer_target_invalid", "transferTargets");
      return { label, number };
    });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = adminCommandContext(request, context);
  const form = await readForm(request);
  return runAdminDataAction(form, PATH, async (intent) => {
    switch (intent) {
      case "prompts":
        await updateIvrPrompts(ctx, Object.fromEntries(PROMPT_KEYS.map((key) => [key, formText(form, key)])));
        return "saved";
      case "queue":
        await updateQueueSettings(ctx, { voicemailAfterSeconds: formNumber(form, "voicemailAfterSeconds") });
        return "saved";
      case "transfer-targets":
        await updateTransferTargets(ctx, parseTransferTargets(String(form.get("transferTargets") ?? "")));
        return "saved";
      default:
        return null;
    }
  });
}

export default function TelephonySettingsPage() {
  const { prompts, queue, transferTargets } = useLoaderData<typeof loader>();
  const errorFor = useFormErrorFor();
  const busy = useNavigation().state !== "idle";
  const t = messages.telephony.settings;
  const targetsText = transferTargets.map((x) => `${x.label},${x.number}`).join("\n");
  return (
    <>
      <h1>{t.title}</h1>
      <AdminTabs />
      <Notice messages={{ saved: t.saved }} />
      <p className="muted small">{t.intro}</p>

      <section className="panel">
        <Form method="post" key={JSON.stringify(prompts)}>
          <input type="hidden" name="intent" value="prompts" />
          {PROMPT_KEYS.map((key) => (
            <label key={key}>
              {t.prompts[key] ?? key}
              {key === "voice" || key === "language" ? (
                <input name={key} defaultValue={prompts[key]} maxLength={40} className="short" />
              ) : (
                <textarea name={key} defaultValue={prompts[key]} maxLength={500} rows={2} />
              )}
            </label>
          ))}
          <FormError error={errorFor("prompts")} />
          <button type="submit" className="button primary" disabled={busy}>
            {messages.common.save}
          </button>
        </Form>
      </section>

      <section className="panel">
        <Form method="post" className="form-inline">
          <input type="hidden" name="intent" value="queue" />
          <label>
            {t.voicemailAfter}
            <input name="voicemailAfterSeconds" type="number" min={15} max={1800} required className="tiny" defaultValue={queue.voicemailAfterSeconds} />
          </label>
          <button type="submit" className="button primary" disabled={busy}>
            {messages.common.save}
          </button>
        </Form>
        <FormError error={errorFor("queue")} />
      </section>

      <section className="panel">
        <Form method="post" key={targetsText}>
          <input type="hidden" name="intent" value="transfer-targets" />
          <label>
            {t.transferTargets}
            <textarea name="transferTargets" className="reasons" defaultValue={targetsText} />
          </label>
          <FormError error={errorFor("transfer-targets")} />
          <button type="submit" className="button primary" disabled={busy}>
            {messages.common.save}
          </button>
        </Form>
      </section>
    </>
  );
}
