import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { adminCommandContext, requireAdministrator } from "~/app/admin.server";
import { formNullableNumber, formNumber, runAdminDataAction } from "~/app/admin-data.server";
import { AdminTabs } from "~/app/components/admin-tabs";
import { CategoryOptions, ConfirmButton, Notice, useFormErrorFor } from "~/app/components/admin-data";
import { FormError } from "~/app/components/form-error";
import { formText, readForm } from "~/app/form.server";
import { messages } from "~/app/i18n";
import stylesheet from "~/app/styles/admin-data.css?url";
import { LIMIT_UNITS, type LimitUnit, REQUEST_TYPES, type RequestType, URGENCIES, type Urgency } from "~/db/schema";
import { listCategoryTree } from "~/domain/admin-data/categories";
import {
  applicabilityMatrix,
  createTimeLimitRule,
  deleteTimeLimitRule,
  isCatchAll,
  listTimeLimitRules,
  type TimeLimitRuleInput,
  updateTimeLimitRule,
} from "~/domain/admin-data/time-limit-rules";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

const PATH = "/admin/time-limits";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdministrator(request, context);
  const { db } = context.services;
  const [rules, tree] = await Promise.all([listTimeLimitRules(db), listCategoryTree(db)]);
  const editId = Number(new URL(request.url).searchParams.get("edit")) || null;
  return {
    rules,
    categories: tree.map((c) => ({ id: c.id, code: c.code, name: c.name, depth: c.depth, active: c.active })),
    matrix: applicabilityMatrix(rules).map((row) => ({
      requestType: row.requestType,
      byUrgency: row.byUrgency.map((cell) => ({ urgency: cell.urgency, ruleId: cell.rule?.id ?? null })),
    })),
    editId: rules.some((r) => r.id === editId) ? editId : null,
  };
}

function ruleInputFromForm(form: FormData): TimeLimitRuleInput {
  return {
    name: formText(form, "name"),
    requestType: (formText(form, "requestType") || null) as RequestType | null,
    urgency: (formText(form, "urgency") || null) as Urgency | null,
    categoryId: formNullableNumber(form, "categoryId"),
    dispatchValue: formNumber(form, "dispatchValue"),
    dispatchUnit: formText(form, "dispatchUnit") as LimitUnit,
    signValue: formNumber(form, "signValue"),
    signUnit: formText(form, "signUnit") as LimitUnit,
    handleValue: formNumber(form, "handleValue"),
    handleUnit: formText(form, "handleUnit") as LimitUnit,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = adminCommandContext(request, context);
  const form = await readForm(request);
  return runAdminDataAction(form, PATH, async (intent) => {
    switch (intent) {
      case "create":
        await createTimeLimitRule(ctx, ruleInputFromForm(form));
        return "created";
      case "update":
        await updateTimeLimitRule(ctx, formNumber(form, "id"), ruleInputFromForm(form));
        return "updated";
      case "delete":
        await deleteTimeLimitRule(ctx, formNumber(form, "id"));
        return "removed";
      default:
        return null;
    }
  });
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Rule = LoaderData["rules"][number];

export default function TimeLimitsPage() {
  const { rules, categories, matrix, editId } = useLoaderData<typeof loader>();
  const errorFor = useFormErrorFor();
  const busy = useNavigation().state !== "idle";
  const t = messages.adminData.timeLimits;
  const units = messages.adminData.units;
  const byId = new Map(rules.map((r) => [r.id, r]));
  return (
    <>
      <h1>{t.title}</h1>
      <AdminTabs />
      <Notice messages={{ created: t.created, updated: t.updated, removed: t.removed }} />
      <section className="panel">
        <p className="intro">{t.intro}</p>
        <h2>{t.specificityTitle}</h2>
        <ol className="rules-order">
          {t.specificityItems.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ol>
      </section>

      {rules.length === 0 ? (
        <div className="empty-state">{t.empty}</div>
      ) : (
        <table className="data-table middle">
          <thead>
            <tr>
              <th scope="col">{t.name}</th>
              <th scope="col">{t.appliesTo}</th>
              <th scope="col">{t.dispatch}</th>
              <th scope="col">{t.sign}</th>
              <th scope="col">{t.handle}</th>
              <th scope="col">{messages.common.actions}</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) =>
              rule.id === editId ? (
                <tr key={rule.id} id={`rule-${rule.id}`}>
                  <td colSpan={6} className="edit-row">
                    <h2>{t.editTitle(rule.name)}</h2>
                    <RuleForm intent="update" rule={rule} categories={categories} error={errorFor("update", rule.id)} busy={busy} />
                  </td>
                </tr>
              ) : (
                <tr key={rule.id} id={`rule-${rule.id}`}>
                  <td>
                    {rule.name}
                    {isCatchAll(rule) ? <span className="badge ok">{t.catchAllNote}</span> : null}
                  </td>
                  <td>
                    <AppliesTo rule={rule} />
                  </td>
                  <td className="nowrap">{t.limit(rule.dispatchValue, units[rule.dispatchUnit])}</td>
                  <td className="nowrap">{t.limit(rule.signValue, units[rule.signUnit])}</td>
                  <td className="nowrap">{t.limit(rule.handleValue, units[rule.handleUnit])}</td>
                  <td>
                    <div className="row-actions">
                      <Link to={`?edit=${rule.id}#rule-${rule.id}`}>{messages.common.edit}</Link>
                      {isCatchAll(rule) ? null : (
                        <Form method="post">
                          <input type="hidden" name="intent" value="delete" />
                          <input type="hidden" name="id" value={rule.id} />
                          <ConfirmButton className="button link" message={t.confirmDelete(rule.name)} disabled={busy}>
                            {t.delete}
                          </ConfirmButton>
                        </Form>
                      )}
                    </div>
                    <FormError error={errorFor("delete", rule.id)} />
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}

      <h2>{t.matrixTitle}</h2>
      <p className="muted small">{t.matrixIntro}</p>
      <table className="data-table matrix">
        <thead>
          <tr>
            <th scope="col">{t.requestType}</th>
            {URGENCIES.map((u) => (
              <th key={u} scope="col">
                {messages.tickets.urgencies[u]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row) => (
            <tr key={row.requestType}>
              <th scope="row">{messages.tickets.requestTypes[row.requestType]}</th>
              {row.byUrgency.map((cell) => {
                const rule = cell.ruleId === null ? undefined : byId.get(cell.ruleId);
                return (
                  <td key={cell.urgency}>
                    {rule ? (
                      <>
                        <strong>{t.limit(rule.handleValue, units[rule.handleUnit])}</strong>
                        <span className="rule-name">{rule.name}</span>
                      </>
                    ) : (
                      t.noRule
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>

      <section className="panel" id="add">
        <h2>{t.addTitle}</h2>
        <RuleForm intent="create" categories={categories} error={errorFor("create")} busy={busy} />
      </section>
    </>
  );
}

function AppliesTo({ rule }: { rule: Rule }) {
  const t = messages.adminData.timeLimits;
  if (isCatchAll(rule)) {
    return (
      <span className="chips">
        <span className="chip all">{t.allTickets}</span>
      </span>
    );
  }
  return (
    <span className="chips">
      {rule.categoryId !== null ? (
        <span className="chip category">
          {t.category}：{rule.categoryCode} {rule.categoryName}
        </span>
      ) : null}
      {rule.urgency !== null ? (
        <span className="chip urgency">
          {t.urgency}：{messages.tickets.urgencies[rule.urgency]}
        </span>
      ) : null}
      {rule.requestType !== null ? (
        <span className="chip type">
          {t.requestType}：{messages.tickets.requestTypes[rule.requestType]}
        </span>
      ) : null}
    </span>
  );
}

function RuleForm({
  intent,
  rule,
  categories,
  error,
  busy,
}: {
  intent: "create" | "update";
  rule?: Rule;
  categories: LoaderData["categories"];
  error: { message: string } | null;
  busy: boolean;
}) {
  const t = messages.adminData.timeLimits;
  const any = messages.adminData.any;
  const limits = [
    ["dispatch", t.dispatch, rule?.dispatchValue ?? 24, rule?.dispatchUnit ?? "hours"],
    ["sign", t.sign, rule?.signValue ?? 4, rule?.signUnit ?? "working_hours"],
    ["handle", t.handle, rule?.handleValue ?? 7, rule?.handleUnit ?? "working_days"],
  ] as const;
  return (
    <Form method="post" className="form-grid">
      <input type="hidden" name="intent" value={intent} />
      {rule ? <input type="hidden" name="id" value={rule.id} /> : null}
      <label>
        {t.name}
        <input name="name" required maxLength={40} defaultValue={rule?.name} />
      </label>
      <label>
        {t.category}
        <select name="categoryId" defaultValue={rule?.categoryId ?? ""}>
          <option value="">{any}</option>
          <CategoryOptions tree={categories} inactiveLabel={messages.common.inactive} />
        </select>
      </label>
      <label>
        {t.urgency}
        <select name="urgency" defaultValue={rule?.urgency ?? ""}>
          <option value="">{any}</option>
          {URGENCIES.map((u) => (
            <option key={u} value={u}>
              {messages.tickets.urgencies[u]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t.requestType}
        <select name="requestType" defaultValue={rule?.requestType ?? ""}>
          <option value="">{any}</option>
          {REQUEST_TYPES.map((r) => (
            <option key={r} value={r}>
              {messages.tickets.requestTypes[r]}
            </option>
          ))}
        </select>
      </label>
      <div className="limit-fields">
        {limits.map(([key, label, value, unit]) => (
          <fieldset key={key} className="limit-field">
            <legend>{label}</legend>
            <div className="pair">
              <input name={`${key}Value`} type="number" min={1} max={10000} step={1} required defaultValue={value} aria-label={`${label}${t.value}`} />
              <select name={`${key}Unit`} defaultValue={unit} aria-label={`${label}${t.unit}`}>
                {LIMIT_UNITS.map((u) => (
                  <option key={u} value={u}>
                    {messages.adminData.units[u]}
                  </option>
                ))}
              </select>
            </div>
          </fieldset>
        ))}
      </div>
      <FormError error={error} />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {intent === "create" ? t.add : messages.common.save}
        </button>
        {intent === "update" ? <Link to={PATH}>{messages.common.cancel}</Link> : null}
      </div>
    </Form>
  );
}
