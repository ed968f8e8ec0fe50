import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { adminCommandContext, requireAdministrator } from "~/app/admin.server";
import { AdminTabs } from "~/app/components/admin-tabs";
import { DepartmentForm, departmentInputFromForm } from "~/app/components/department-form";
import { handleDomainErrors, readForm } from "~/app/form.server";
import { createDepartment } from "~/domain/departments";
import { messages } from "~/app/i18n";

export function loader({ request, context }: LoaderFunctionArgs) {
  requireAdministrator(request, context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = adminCommandContext(request, context);
  const form = await readForm(request);
  return handleDomainErrors(async () => {
    await createDepartment(ctx, departmentInputFromForm(form));
    throw redirect("/admin/departments");
  });
}

export default function NewDepartmentPage() {
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>{messages.departments.new}</h1>
      <AdminTabs />
      <DepartmentForm error={actionData && "error" in actionData ? actionData.error : null} />
    </>
  );
}
