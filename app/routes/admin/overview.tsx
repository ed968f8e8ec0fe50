import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdministrator } from "~/app/admin.server";
import { AdminTabs } from "~/app/components/admin-tabs";
import { getAdminOverviewCounts } from "~/db/queries/admin-overview";
import { messages } from "~/app/i18n";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdministrator(request, context);
  return getAdminOverviewCounts(context.services.db);
}

export default function AdminOverview() {
  const counts = useLoaderData<typeof loader>();
  const t = messages.admin;
  return (
    <>
      <h1>{t.title}</h1>
      <AdminTabs />
      <ul className="cards">
        <li className="card">
          <Link to="/admin/departments">
            <strong className="big-number">{counts.departments}</strong>
            <span>{t.departmentCount}</span>
          </Link>
        </li>
        <li className="card">
          <Link to="/admin/users">
            <strong className="big-number">{counts.users}</strong>
            <span>{t.userCount}</span>
          </Link>
        </li>
        <li className="card">
          <Link to="/admin/audit">
            <strong className="big-number">{counts.audit}</strong>
            <span>{t.auditCount}</span>
          </Link>
        </li>
      </ul>
    </>
  );
}
