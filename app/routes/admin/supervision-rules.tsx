import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { adminCommandContext, requireAdministrator } from "~/app/admin.server";
import { formNumber, runAdminDataAction } from "~/app/admin-data.server";
import { AdminTabs } from "~/app/components/admin-tabs";
import { Notice, useFormErrorFor } from "~/app/components/admin-data";
import { FormError } from "~/app/components/form-error";
import { formText, readForm } from "~/app/form.server";
import { formatDateTime, messages } from "~/app/i18n";
import { oneOf } from "~/app/query-params.server";
import stylesheet from "~/app/styles/admin-data.css?url";
import { ADDRESSEES, type Addressee, SUPERVISION_LEVELS, type SupervisionLevel, type SupervisionLevelRule } from "~/db/schema";
import { listSupervisionLevels, updateSupervisionLevel } from "~/domain/admin-data/supervision-levels";
import { invalidInput } from "~/domain/errors";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

const PATH = "/admin/supervision-rules";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdministrator(request, context);
  const levels = await listSupervisionLevels(context.services.db);
  const edit = oneOf<SupervisionLevel>(SUPERVISION_LEVELS, new URL(request.url).searchParams.get("edit")) ?? null;
  return { levels, edit };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = adminCommandContext(request, context);
  const form = await readForm(request);
  return runAdminDataAction(form, PATH, async (intent) => {
    if (intent !== "update") return null;
    const level = oneOf<SupervisionLevel>(SUPERVISION_LEVELS, formText(form, "id"));
    if (!level) throw invalidInput("supervision_level_not_found", "id");
    const share = formText(form, "shareUsed");
    await updateSupervisionLevel(ctx, level, {
      hoursAfterDue: formNumber(form, "hoursAfterDue"),
      shareUsed: share === "" ? null : formNumber(form, "shareUsed"),
      addressee: formText(form, "addressee") as Addressee,
      requiresResponse: form.get("requiresResponse") === "on",
      noticeTemplate: formText(form, "noticeTemplate"),
      active: form.get("active") === "on",
    });
    return "saved";
  });
}

export default function SupervisionRulesPage() {
  const { levels, edit } = useLoaderData<typeof loader>();
  const errorFor = useFormErrorFor();
  const busy = useNavigation().state !== "idle";
  const t = messages.supervision.admin.rules;
  const s = messages.supervision;
  return (
    <>
      <h1>{t.title}</h1>
      <AdminTabs />
      <Notice messages={{ saved: t.saved }} />
      <section className="panel">
        <p className="intro">{t.intro}</p>
        <p className="intro">{t.order}</p>
      </section>
      <table className="data-table middle">
        <thead>
          <tr>
            <th scope="col">{t.level}</th>
            <th scope="col">{t.hours}</th>
            <th scope="col">{t.addressee}</th>
            <th scope="col">{t.requiresResponse}</th>
            <th scope="col">{t.template}</th>
            <th scope="col">{messages.common.status}</th>
            <th scope="col">{messages.common.actions}</th>
          </tr>
        </thead>
        <tbody>
          {levels.map((rule) =>
            rule.level === edit || errorFor("update", rule.level) ? (
              <tr key={rule.level} id={`level-${rule.level}`}>
                <td colSpan={7} className="edit-row">
                  <h2>{t.editTitle(s.levels[rule.level])}</h2>
                  <RuleForm rule={rule} error={errorFor("update", rule.level)} busy={busy} />
                </td>
              </tr>
            ) : (
              <tr key={rule.level} id={`level-${rule.level}`} className={rule.active ? undefined : "inactive"}>
                <th scope="row">{s.levels[rule.level]}</th>
                <td>{t.timing(rule.hoursAfterDue, rule.shareUsed)}</td>
                <td>{s.addressees[rule.addressee]}</td>
                <td>{rule.requiresResponse ? messages.common.yes : messages.common.no}</td>
                <td className="small">{rule.noticeTemplate}</td>
                <td>
                  {rule.active ? messages.common.active : messages.common.inactive}
                  <span className="muted small block">
                    {formatDateTime(rule.updatedAt)}
                  </span>
                </td>
                <td>
                  <Link to={`?edit=${rule.level}#level-${rule.level}`}>{t.edit}</Link>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </>
  );
}

function RuleForm({ rule, error, busy }: { rule: Pick<SupervisionLevelRule, "level" | "hoursAfterDue" | "shareUsed" | "addressee" | "requiresResponse" | "noticeTemplate" | "active">; error: { message: string } | null; busy: boolean }) {
  const t = messages.supervision.admin.rules;
  return (
    <Form method="post" className="form-grid">
      <input type="hidden" name="intent" value="update" />
      <input type="hidden" name="id" value={rule.level} />
      <label>
        {t.hours}
        <input name="hoursAfterDue" type="number" step="any" min={-720} max={8760} required defaultValue={rule.hoursAfterDue} aria-describedby="hours-hint" />
        <span id="hours-hint" className="muted small">
          {t.hoursHint}
        </span>
      </label>
      {rule.level === "warning" ? (
        <label>
          {t.share}
          <input name="shareUsed" type="number" step="0.05" min={0.05} max={0.95} defaultValue={rule.shareUsed ?? ""} aria-describedby="share-hint" />
          <span id="share-hint" className="muted small">
            {t.shareHint}
          </span>
        </label>
      ) : null}
      <label>
        {t.addressee}
        <select name="addressee" defaultValue={rule.addressee} aria-describedby="addressee-hint">
          {ADDRESSEES.map((a) => (
            <option key={a} value={a}>
              {messages.supervision.addressees[a]}
            </option>
          ))}
        </select>
        <span id="addressee-hint" className="muted small">
          {t.addresseeHint}
        </span>
      </label>
      <fieldset className="checkbox-group">
        <label>
          <input type="checkbox" name="requiresResponse" defaultChecked={rule.requiresResponse} /> {t.requiresResponse}
        </label>
        <label>
          <input type="checkbox" name="active" defaultChecked={rule.active} /> {t.active}
        </label>
      </fieldset>
      <label className="span-all">
        {t.template}
        <textarea name="noticeTemplate" required minLength={5} maxLength={500} rows={3} defaultValue={rule.noticeTemplate} aria-describedby="template-hint" />
        <span id="template-hint" className="muted small">
          {t.templateHint}
        </span>
      </label>
      <FormError error={error} />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {messages.common.save}
        </button>
        <Link to={PATH}>{messages.common.cancel}</Link>
      </div>
    </Form>
  );
}
