import { STAFF_ROLES, type StaffRole } from "~/db/schema";
import { messages } from "~/app/i18n";

/** Role checkboxes and the department choice, used by the new-user and edit-user forms. */
export function RoleAndDepartmentFields({
  departments,
  roles = [],
  departmentId = null,
}: {
  departments: { id: number; name: string }[];
  roles?: readonly StaffRole[];
  departmentId?: number | null;
}) {
  const t = messages.users;
  return (
    <>
      <fieldset className="checkbox-group">
        <legend>{t.roles}</legend>
        {STAFF_ROLES.map((role) => (
          <label key={role} className="checkbox">
            <input type="checkbox" name="roles" value={role} defaultChecked={roles.includes(role)} />
            {messages.roles[role]}
          </label>
        ))}
        <p className="muted small">{t.roleHint}</p>
      </fieldset>
      <label>
        {t.department}
        <select name="departmentId" defaultValue={departmentId ?? ""}>
          <option value="">{t.noDepartment}</option>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

/** Parses the fields above from a submitted form. */
export function rolesAndDepartmentFromForm(form: FormData) {
  const roles = form.getAll("roles").filter((r): r is string => typeof r === "string");
  const rawDepartment = form.get("departmentId");
  const departmentId = typeof rawDepartment === "string" && rawDepartment !== "" ? Number(rawDepartment) : null;
  return { roles: roles as StaffRole[], departmentId };
}
