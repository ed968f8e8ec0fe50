import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdministrator } from "~/app/admin.server";
import { AdminTabs } from "~/app/components/admin-tabs";
import { listDepartments } from "~/domain/departments";
import { messages } from "~/app/i18n";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdministrator(request, context);
  return { departments: await listDepartments(context.services.db) };
}

export default function DepartmentsPage() {
  const { departments } = useLoaderData<typeof loader>();
  const t = messages.departments;
  return (
    <>
      <h1>{t.title}</h1>
      <AdminTabs />
      <p>
        <Link className="button primary" to="/admin/departments/new">
          {t.new}
        </Link>
      </p>
      {departments.length === 0 ? (
        <div className="empty-state">{t.empty}</div>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t.code}</th>
              <th scope="col">{t.name}</th>
              <th scope="col">{t.contactPhone}</th>
              <th scope="col">{messages.common.status}</th>
              <th scope="col">{messages.common.actions}</th>
            </tr>
          </thead>
          <tbody>
            {departments.map((d) => (
              <tr key={d.id} className={d.active ? undefined : "inactive"}>
                <td>
                  <code>{d.code}</code>
                </td>
                <td>{d.name}</td>
                <td>{d.contactPhone ?? "—"}</td>
                <td>{d.active ? messages.common.active : messages.common.inactive}</td>
                <td>
                  <Link to={`/admin/departments/${d.id}`}>{messages.common.edit}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
