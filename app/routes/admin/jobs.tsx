import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { adminCommandContext, requireAdministrator } from "~/app/admin.server";
import { runAdminDataAction } from "~/app/admin-data.server";
import { AdminTabs } from "~/app/components/admin-tabs";
import { Notice, useFormErrorFor } from "~/app/components/admin-data";
import { FormError } from "~/app/components/form-error";
import { formText, readForm } from "~/app/form.server";
import { formatDateTime, messages } from "~/app/i18n";
import stylesheet from "~/app/styles/admin-data.css?url";
import { listJobSchedules, updateJobSchedule } from "~/domain/admin-data/job-schedules";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

const PATH = "/admin/jobs";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdministrator(request, context);
  return { jobs: await listJobSchedules(context.services.db) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = adminCommandContext(request, context);
  const form = await readForm(request);
  return runAdminDataAction(form, PATH, async (intent) => {
    if (intent !== "update") return null;
    await updateJobSchedule(ctx, formText(form, "id"), { cron: formText(form, "cron"), active: form.get("active") === "on" });
    return "saved";
  });
}

export default function JobSchedulesPage() {
  const { jobs } = useLoaderData<typeof loader>();
  const errorFor = useFormErrorFor();
  const busy = useNavigation().state !== "idle";
  const t = messages.supervision.admin.jobs;
  return (
    <>
      <h1>{t.title}</h1>
      <AdminTabs />
      <Notice messages={{ saved: t.saved }} />
      <p className="intro">{t.intro}</p>
      {jobs.length === 0 ? (
        <div className="empty-state">{messages.common.none}</div>
      ) : (
        <table className="data-table middle">
          <thead>
            <tr>
              <th scope="col">{t.job}</th>
              <th scope="col">{t.cron}</th>
              <th scope="col">{t.updatedAt}</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.job} id={`job-${job.job}`} className={job.active ? undefined : "inactive"}>
                <th scope="row">
                  {t.names[job.job] ?? job.job}
                  <code className="muted small block">
                    {job.job}
                  </code>
                </th>
                <td>
                  <Form method="post" className="form-inline">
                    <input type="hidden" name="intent" value="update" />
                    <input type="hidden" name="id" value={job.job} />
                    <label>
                      {t.cron}
                      <input name="cron" required maxLength={100} defaultValue={job.cron} autoComplete="off" spellCheck={false} aria-describedby="cron-hint" className="mono" />
                    </label>
                    <label>
                      <input type="checkbox" name="active" defaultChecked={job.active} /> {t.active}
                    </label>
                    <button type="submit" className="button primary" disabled={busy}>
                      {messages.common.save}
                    </button>
                  </Form>
                  <FormError error={errorFor("update", job.job)} />
                </td>
                <td className="nowrap">{formatDateTime(job.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p id="cron-hint" className="muted small">
        {t.cronHint}
      </p>
    </>
  );
}
