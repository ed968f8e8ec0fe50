import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { adminCommandContext, requireAdministrator } from "~/app/admin.server";
import { AdminTabs } from "~/app/components/admin-tabs";
import { FormError } from "~/app/components/form-error";
import { RoleAndDepartmentFields, rolesAndDepartmentFromForm } from "~/app/components/role-and-department-fields";
import { formText, handleDomainErrors, orNotFound, readForm } from "~/app/form.server";
import { listDepartments } from "~/domain/departments";
import { getStaffUser, resetStaffPassword, setStaffUserActive, updateStaffUser } from "~/domain/staff/users";
import { formatDateTime, messages } from "~/app/i18n";

const NOTICES = {
  created: messages.users.created,
  updated: messages.users.updated,
  reset: messages.users.resetDone,
  deactivated: messages.users.deactivated,
  activated: messages.users.activated,
} as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireAdministrator(request, context);
  const { db, clock } = context.services;
  const [user, departments] = await Promise.all([
    orNotFound(getStaffUser(db, { id: params.id ?? "" })),
    listDepartments(db),
  ]);
  const locked = user.lockedUntil !== null && user.lockedUntil > clock.now();
  return {
    user: { ...user, locked },
    departments: departments.filter((d) => d.active || d.id === user.departmentId).map((d) => ({ id: d.id, name: d.name })),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = adminCommandContext(request, context);
  const id = params.id ?? "";
  await orNotFound(getStaffUser(ctx.db, { id }));
  const form = await readForm(request);
  const intent = formText(form, "intent");
  const back = (notice: keyof typeof NOTICES) => redirect(`/admin/users/${id}?notice=${notice}`);
  return handleDomainErrors(async () => {
    switch (intent) {
      case "update":
        await updateStaffUser(ctx, id, { displayName: formText(form, "displayName"), ...rolesAndDepartmentFromForm(form) });
        throw back("updated");
      case "reset-password":
        await resetStaffPassword(ctx, id, typeof form.get("newPassword") === "string" ? (form.get("newPassword") as string) : "");
        throw back("reset");
      case "deactivate":
        await setStaffUserActive(ctx, id, false);
        throw back("deactivated");
      case "activate":
        await setStaffUserActive(ctx, id, true);
        throw back("activated");
      default:
        return data({ error: { message: messages.errors.codes.invalid_input, field: "intent" } }, { status: 400 });
    }
  });
}

export default function EditUserPage() {
  const { user, departments } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const notice = NOTICES[params.get("notice") as keyof typeof NOTICES];
  const error = actionData && "error" in actionData ? actionData.error : null;
  const t = messages.users;
  return (
    <>
      <h1>{t.editTitle(user.username)}</h1>
      <AdminTabs />
      {notice && !error ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <FormError error={error} />
      <dl className="facts">
        <dt>{messages.common.status}</dt>
        <dd>
          {user.active ? messages.common.active : messages.common.inactive}
          {user.locked && user.lockedUntil ? <span className="badge warn">{t.lockedUntil(formatDateTime(user.lockedUntil))}</span> : null}
        </dd>
        <dt>{t.lastSignIn}</dt>
        <dd>{user.lastSignInAt ? formatDateTime(user.lastSignInAt) : t.never}</dd>
      </dl>

      <section className="panel">
        <Form method="post" className="form-grid">
          <input type="hidden" name="intent" value="update" />
          <label>
            {t.displayName}
            <input name="displayName" required maxLength={40} defaultValue={user.displayName} />
          </label>
          <RoleAndDepartmentFields departments={departments} roles={user.roles} departmentId={user.departmentId} />
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={busy}>
              {messages.common.save}
            </button>
            <Link to="/admin/users">{messages.common.backToList}</Link>
          </div>
        </Form>
      </section>

      <section className="panel">
        <h2>{t.resetPassword}</h2>
        <Form method="post" className="form-inline">
          <input type="hidden" name="intent" value="reset-password" />
          <label>
            {t.newPassword}
            <input name="newPassword" type="password" required minLength={10} maxLength={128} autoComplete="new-password" />
          </label>
          <button type="submit" className="button" disabled={busy}>
            {t.resetPassword}
          </button>
        </Form>
        <p className="muted small">{t.passwordHint}</p>
      </section>

      <section className="panel">
        <Form method="post">
          <input type="hidden" name="intent" value={user.active ? "deactivate" : "activate"} />
          <button type="submit" className={user.active ? "button danger" : "button"} disabled={busy}>
            {user.active ? t.deactivate : t.activate}
          </button>
        </Form>
      </section>
    </>
  );
}
