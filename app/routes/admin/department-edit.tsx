import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { adminCommandContext, requireAdministrator } from "~/app/admin.server";
import { AdminTabs } from "~/app/components/admin-tabs";
import { DepartmentForm, departmentInputFromForm } from "~/app/components/department-form";
import { handleDomainErrors, orNotFound, readForm, routeIntParam } from "~/app/form.server";
import { getDepartment, updateDepartment } from "~/domain/departments";
import { messages } from "~/app/i18n";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  requireAdministrator(request, context);
  return { department: await orNotFound(getDepartment(context.services.db, { id: routeIntParam(params.id) })) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = adminCommandContext(request, context);
  const id = routeIntParam(params.id);
  const form = await readForm(request);
  return handleDomainErrors(async () => {
    await updateDepartment(ctx, id, departmentInputFromForm(form));
    throw redirect("/admin/departments");
  });
}

export default function EditDepartmentPage() {
  const { department } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>{messages.departments.editTitle(department.name)}</h1>
      <AdminTabs />
      <DepartmentForm values={department} error={actionData && "error" in actionData ? actionData.error : null} />
    </>
  );
}
