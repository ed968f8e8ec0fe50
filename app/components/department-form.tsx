import { Form, Link, useNavigation } from "@remix-run/react";
import { messages } from "~/app/i18n";
import { FormError } from "./form-error";

export interface DepartmentFormValues {
  name: string;
  code: string;
  contactPhone: string | null;
  active: boolean;
}

/** Create and edit share this form; the action decides which command runs. */
export function DepartmentForm({ values, error }: { values?: DepartmentFormValues; error?: { message: string } | null }) {
  const t = messages.departments;
  const busy = useNavigation().state !== "idle";
  return (
    <Form method="post" className="form-grid">
      <label>
        {t.name}
        <input name="name" required maxLength={60} defaultValue={values?.name} />
      </label>
      <label>
        {t.code}
        <input name="code" required maxLength={20} pattern="[A-Za-z0-9_\-]{2,20}" defaultValue={values?.code} />
      </label>
      <label>
        {t.contactPhone}
        <input name="contactPhone" type="tel" maxLength={30} defaultValue={values?.contactPhone ?? ""} />
      </label>
      <label className="checkbox">
        <input name="active" type="checkbox" value="on" defaultChecked={values?.active ?? true} />
        {t.active}
      </label>
      <FormError error={error} />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {messages.common.save}
        </button>
        <Link to="/admin/departments">{messages.common.cancel}</Link>
      </div>
    </Form>
  );
}

export function departmentInputFromForm(form: FormData) {
  const text = (name: string) => (typeof form.get(name) === "string" ? (form.get(name) as string) : "");
  return { name: text("name"), code: text("code"), contactPhone: text("contactPhone"), active: form.get("active") === "on" };
}
