import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { adminCommandContext, requireAdministrator } from "~/app/admin.server";
import { formNumber, runAdminDataAction } from "~/app/admin-data.server";
import { AdminTabs } from "~/app/components/admin-tabs";
import { CategoryOptions, ConfirmButton, Notice, useFormErrorFor } from "~/app/components/admin-data";
import { FormError } from "~/app/components/form-error";
import { formText, readForm } from "~/app/form.server";
import { messages } from "~/app/i18n";
import stylesheet from "~/app/styles/admin-data.css?url";
import { listCategoryTree } from "~/domain/admin-data/categories";
import { createRoutingRule, deleteRoutingRule, listRoutingRules, updateRoutingRuleDepartment } from "~/domain/admin-data/routing-rules";
import { listDepartments } from "~/domain/departments";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

const PATH = "/admin/routing";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdministrator(request, context);
  const { db } = context.services;
  const [rules, tree, departments] = await Promise.all([listRoutingRules(db), listCategoryTree(db), listDepartments(db, { activeOnly: true })]);
  const covered = new Set(rules.filter((r) => r.area === null).map((r) => r.categoryId));
  return {
    rules,
    categories: tree.map((c) => ({ id: c.id, code: c.code, name: c.name, depth: c.depth, active: c.active })),
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    // Active leaves without a district-wide rule: tickets in them get no suggestion.
    uncovered: tree.filter((c) => c.active && c.activeChildCount === 0 && !covered.has(c.id)).map((c) => ({ id: c.id, code: c.code, name: c.name })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = adminCommandContext(request, context);
  const form = await readForm(request);
  return runAdminDataAction(form, PATH, async (intent) => {
    switch (intent) {
      case "create":
        await createRoutingRule(ctx, { categoryId: formNumber(form, "categoryId"), area: formText(form, "area"), departmentId: formNumber(form, "departmentId") });
        return "created";
      case "update":
        await updateRoutingRuleDepartment(ctx, formNumber(form, "id"), { departmentId: formNumber(form, "departmentId") });
        return "updated";
      case "delete":
        await deleteRoutingRule(ctx, formNumber(form, "id"));
        return "removed";
      default:
        return null;
    }
  });
}

export default function RoutingPage() {
  const { rules, categories, departments, uncovered } = useLoaderData<typeof loader>();
  const errorFor = useFormErrorFor();
  const busy = useNavigation().state !== "idle";
  const t = messages.adminData.routing;
  return (
    <>
      <h1>{t.title}</h1>
      <AdminTabs />
      <Notice messages={{ created: t.created, updated: t.updated, removed: t.removed }} />
      <p className="intro">{t.intro}</p>

      <section className="panel" id="add">
        <h2>{t.addTitle}</h2>
        <Form method="post" className="form-inline">
          <input type="hidden" name="intent" value="create" />
          <label>
            {t.category}
            <select name="categoryId" required defaultValue="">
              <option value="" disabled>
                {t.choose}
              </option>
              <CategoryOptions tree={categories} inactiveLabel={messages.common.inactive} />
            </select>
          </label>
          <label>
            {t.area}
            <input name="area" maxLength={50} placeholder={t.areaHint} />
          </label>
          <label>
            {t.department}
            <select name="departmentId" required defaultValue="">
              <option value="" disabled>
                {t.choose}
              </option>
              {departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button primary" disabled={busy}>
            {t.add}
          </button>
        </Form>
        <FormError error={errorFor("create")} />
      </section>

      {rules.length === 0 ? (
        <div className="empty-state">{t.empty}</div>
      ) : (
        <table className="data-table middle">
          <thead>
            <tr>
              <th scope="col">{t.category}</th>
              <th scope="col">{t.area}</th>
              <th scope="col">{t.department}</th>
              <th scope="col">{messages.common.actions}</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <tr key={rule.id} className={rule.categoryActive && rule.departmentActive ? undefined : "inactive"}>
                <td>
                  <code>{rule.categoryCode}</code> {rule.categoryName}
                  {rule.categoryActive ? null : <span className="badge muted">{t.inactiveCategory}</span>}
                </td>
                <td>{rule.area ?? <span className="muted">{t.wholeDistrict}</span>}</td>
                <td>
                  <Form method="post" className="form-inline">
                    <input type="hidden" name="intent" value="update" />
                    <input type="hidden" name="id" value={rule.id} />
                    <select name="departmentId" defaultValue={rule.departmentActive ? rule.departmentId : ""} aria-label={`${rule.categoryName} ${t.department}`} required>
                      {rule.departmentActive ? null : (
                        <option value="" disabled>
                          {rule.departmentName} {t.inactiveDepartment}
                        </option>
                      )}
                      {departments.map((d) => (
                        <option key={d.id} value={d.id}>
                          {d.name}
                        </option>
                      ))}
                    </select>
                    <button type="submit" className="button" disabled={busy}>
                      {t.change}
                    </button>
                  </Form>
                  <FormError error={errorFor("update", rule.id)} />
                </td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="id" value={rule.id} />
                    <ConfirmButton className="button link" message={`${t.remove}：${rule.categoryCode} ${rule.categoryName} ${rule.area ?? t.wholeDistrict} → ${rule.departmentName}？`} disabled={busy}>
                      {t.remove}
                    </ConfirmButton>
                  </Form>
                  <FormError error={errorFor("delete", rule.id)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <section className="panel">
        <h2>{t.uncoveredTitle}</h2>
        {uncovered.length === 0 ? (
          <p className="muted">{t.uncoveredNone}</p>
        ) : (
          <p className="chips">
            {uncovered.map((c) => (
              <span key={c.id} className="chip">
                {c.code} {c.name}
              </span>
            ))}
          </p>
        )}
      </section>
    </>
  );
}
