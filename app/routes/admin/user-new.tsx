import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { adminCommandContext, requireAdministrator } from "~/app/admin.server";
import { AdminTabs } from "~/app/components/admin-tabs";
import { FormError } from "~/app/components/form-error";
import { RoleAndDepartmentFields, rolesAndDepartmentFromForm } from "~/app/components/role-and-department-fields";
import { formText, handleDomainErrors, readForm } from "~/app/form.server";
import { listDepartments } from "~/domain/departments";
import { createStaffUser } from "~/domain/staff/users";
import { messages } from "~/app/i18n";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdministrator(request, context);
  const departments = await listDepartments(context.services.db, { activeOnly: true });
  return { departments: departments.map((d) => ({ id: d.id, name: d.name })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = adminCommandContext(request, context);
  const form = await readForm(request);
  return handleDomainErrors(async () => {
    const user = await createStaffUser(ctx, {
      username: formText(form, "username"),
      displayName: formText(form, "displayName"),
      password: typeof form.get("password") === "string" ? (form.get("password") as string) : "",
      ...rolesAndDepartmentFromForm(form),
    });
    throw redirect(`/admin/users/${user.id}?notice=created`);
  });
}

export default function NewUserPage() {
  const { departments } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = messages.users;
  return (
    <>
      <h1>{t.new}</h1>
      <AdminTabs />
      <Form method="post" className="form-grid">
        <label>
          {t.username}
          <input name="username" required maxLength={32} autoComplete="off" />
        </label>
        <label>
          {t.displayName}
          <input name="displayName" required maxLength={40} />
        </label>
        <label>
          {t.password}
          <input name="password" type="password" required minLength={10} maxLength={128} autoComplete="new-password" />
          <span className="muted small">{t.passwordHint}</span>
        </label>
        <RoleAndDepartmentFields departments={departments} />
        <FormError error={actionData && "error" in actionData ? actionData.error : null} />
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {messages.common.create}
          </button>
          <Link to="/admin/users">{messages.common.cancel}</Link>
        </div>
      </Form>
    </>
  );
}
