import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireAdministrator } from "~/app/admin.server";
import { AdminTabs } from "~/app/components/admin-tabs";
import { Pagination } from "~/app/components/pagination";
import { pageFromUrl } from "~/app/form.server";
import { STAFF_ROLES } from "~/db/schema";
import { listDepartments } from "~/domain/departments";
import { isStaffRole } from "~/domain/staff/roles";
import { listStaffUsers } from "~/domain/staff/users";
import { formatDateTime, messages } from "~/app/i18n";
import { FilterSelect } from "~/app/components/filter-select";

const PAGE_SIZE = 25;

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdministrator(request, context);
  const url = new URL(request.url);
  const { db, clock } = context.services;
  const text = url.searchParams.get("q")?.trim().slice(0, 50) || undefined;
  const roleParam = url.searchParams.get("role") ?? "";
  const role = isStaffRole(roleParam) ? roleParam : undefined;
  const departmentId = Number(url.searchParams.get("department")) || undefined;
  const page = pageFromUrl(url, PAGE_SIZE);
  const [result, departments] = await Promise.all([
    listStaffUsers(db, { text, role, departmentId }, page),
    listDepartments(db),
  ]);
  const now = clock.now();
  return {
    users: result.rows.map((u) => ({ ...u, locked: u.lockedUntil !== null && u.lockedUntil > now })),
    total: result.total,
    page: page.page,
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    filter: { q: text ?? "", role: role ?? "", department: departmentId ? String(departmentId) : "" },
  };
}

export default function UsersPage() {
  const { users, total, page, departments, filter } = useLoaderData<typeof loader>();
  const t = messages.users;
  return (
    <>
      <h1>{t.title}</h1>
      <AdminTabs />
      <div className="toolbar">
        <Form method="get" className="filters" role="search">
          <label>
            {t.filterText}
            <input type="search" name="q" defaultValue={filter.q} maxLength={50} />
          </label>
          <FilterSelect name="role" label={t.roles} value={filter.role} options={STAFF_ROLES} labels={messages.roles} />
          <label>
            {t.department}
            <select name="department" defaultValue={filter.department}>
              <option value="">{messages.common.all}</option>
              {departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button">
            {messages.common.search}
          </button>
        </Form>
        <Link className="button primary" to="/admin/users/new">
          {t.new}
        </Link>
      </div>
      {users.length === 0 ? (
        <div className="empty-state">{t.empty}</div>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t.username}</th>
              <th scope="col">{t.displayName}</th>
              <th scope="col">{t.roles}</th>
              <th scope="col">{t.department}</th>
              <th scope="col">{messages.common.status}</th>
              <th scope="col">{t.lastSignIn}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className={u.active ? undefined : "inactive"}>
                <td>
                  <Link to={`/admin/users/${u.id}`}>{u.username}</Link>
                </td>
                <td>{u.displayName}</td>
                <td>{u.roles.map((r) => messages.roles[r]).join("、")}</td>
                <td>{u.departmentName ?? "—"}</td>
                <td>
                  {u.active ? messages.common.active : messages.common.inactive}
                  {u.locked ? <span className="badge warn">{t.locked}</span> : null}
                </td>
                <td>{u.lastSignInAt ? formatDateTime(u.lastSignInAt) : t.never}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={page} pageSize={PAGE_SIZE} total={total} />
    </>
  );
}
