import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { FieldError, invalidProps } from "~/app/components/knowledge/field-error";
import { FormError } from "~/app/components/form-error";
import { formText, handleDomainErrors, orNotFound, readForm, routeIntParam } from "~/app/form.server";
import { messages } from "~/app/i18n";
import { articleInputFromForm } from "~/app/knowledge-form.server";
import { forbidden, requireKnowledgeContext } from "~/app/knowledge.server";
import stylesheet from "~/app/styles/knowledge.css?url";
import { ARTICLE_TYPES, ARTICLE_VISIBILITIES, type ServiceGuideFields } from "~/db/schema";
import { listDepartments } from "~/domain/departments";
import { canCreateArticles, editorDepartmentOf } from "~/domain/knowledge/access";
import { canEditArticle, createArticle, getArticle, isKnowledgeReviewer, updateArticle } from "~/domain/knowledge/articles";

const k = messages.knowledge;
const t = k.pages.edit;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.article ? t.editTitle(data.article.title) : t.newTitle} · ${messages.appShortName}` },
];

/**
 * /knowledge/new and /knowledge/:id/edit. Department editors write for their own department
 * (the department is fixed for them); reviewers choose any owner. The domain decides and
 * validates; its messages appear next to the field they are about.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { db, actor } = requireKnowledgeContext(request, context);
  const article = params.id ? await orNotFound(getArticle(db, { id: routeIntParam(params.id) })) : null;
  if (article ? !canEditArticle(actor, article) : !canCreateArticles(actor)) throw forbidden();
  const reviewer = isKnowledgeReviewer(actor);
  // Every department, inactive ones too: an article may still belong to one, and the select must
  // not silently move it elsewhere on save.
  const departments = reviewer ? (await listDepartments(db)).map((d) => ({ id: d.id, name: d.name })) : [];
  return {
    article: article
      ? {
          id: article.id,
          type: article.type,
          title: article.title,
          body: article.body,
          guide: article.guide,
          departmentId: article.departmentId,
          departmentName: article.departmentName,
          visibility: article.visibility,
          reviewBy: article.reviewBy,
        }
      : null,
    reviewer,
    departments,
    ownDepartment: editorDepartmentOf(actor),
    ownDepartmentName: context.auth.user?.departmentName ?? null,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const ctx = requireKnowledgeContext(request, context);
  const form = await readForm(request);
  return handleDomainErrors(async () => {
    const input = articleInputFromForm(form);
    const article = params.id ? await updateArticle(ctx, routeIntParam(params.id), input, formText(form, "note")) : await createArticle(ctx, input);
    return redirect(`/knowledge/${article.id}`);
  });
}

export default function KnowledgeEditPage() {
  const { article, reviewer, departments, ownDepartment, ownDepartmentName } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData && "error" in actionData ? actionData.error : null;
  const busy = useNavigation().state === "submitting";
  const [type, setType] = useState<string>(article?.type ?? "service_guide");
  const departmentId = article ? article.departmentId : ownDepartment;
  return (
    <>
      <h1>{article ? t.editTitle(article.title) : t.newTitle}</h1>
      {article ? null : <p className="muted small">{t.newDraftNote}</p>}
      <FormError error={error} />
      <Form method="post" className="form-grid article-form">
        <label>
          {t.type}
          <select name="type" value={type} onChange={(e) => setType(e.target.value)} {...invalidProps(error, "type")}>
            {ARTICLE_TYPES.map((value) => (
              <option key={value} value={value}>
                {k.types[value]}
              </option>
            ))}
          </select>
          <FieldError error={error} field="type" />
        </label>
        <label>
          {t.department}
          {reviewer ? (
            <select name="departmentId" defaultValue={departmentId ?? ""} {...invalidProps(error, "departmentId")}>
              <option value="">{t.departmentNone}</option>
              {departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          ) : (
            <>
              {/* Department editors cannot move an article elsewhere; the domain refuses it anyway. */}
              <input type="hidden" name="departmentId" value={departmentId ?? ""} />
              <output>{article?.departmentName ?? ownDepartmentName}</output>
            </>
          )}
          <FieldError error={error} field="departmentId" />
        </label>
        <label>
          {t.visibility}
          <select name="visibility" defaultValue={article?.visibility ?? "public"} aria-describedby="visibility-hint">
            {ARTICLE_VISIBILITIES.map((value) => (
              <option key={value} value={value}>
                {k.visibilities[value]}
              </option>
            ))}
          </select>
          <span id="visibility-hint" className="muted small">
            {t.visibilityHint}
          </span>
        </label>
        <label>
          {t.reviewBy}
          <input type="date" name="reviewBy" defaultValue={article?.reviewBy ?? ""} {...invalidProps(error, "reviewBy")} />
          <span className="muted small">{t.reviewByHint}</span>
          <FieldError error={error} field="reviewBy" />
        </label>
        <label className="wide">
          {t.title}
          <input name="title" required minLength={2} maxLength={120} defaultValue={article?.title ?? ""} autoComplete="off" {...invalidProps(error, "title")} />
          <FieldError error={error} field="title" />
        </label>
        {type === "service_guide" ? <GuideFieldset guide={article?.guide ?? null} error={error} /> : null}
        <label className="wide">
          {t.body}
          <textarea name="body" required rows={14} maxLength={100_000} defaultValue={article?.body ?? ""} aria-describedby="body-hint" {...invalidProps(error, "body")} />
          <span id="body-hint" className="muted small">
            {t.bodyHint}
          </span>
          <FieldError error={error} field="body" />
        </label>
        {article ? (
          <label className="wide">
            {t.note}
            <input name="note" maxLength={1000} autoComplete="off" />
          </label>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {t.save}
          </button>
          <Link to={article ? `/knowledge/${article.id}` : "/knowledge"}>{t.cancel}</Link>
        </div>
      </Form>
    </>
  );
}

function GuideFieldset({ guide, error }: { guide: ServiceGuideFields | null; error: { message: string; field: string | null } | null }) {
  const g = k.guide;
  const text = (name: "itemName" | "handlingDepartment" | "location" | "hours" | "phone", max: number) => (
    <label>
      {g[name]}
      <input name={`guide.${name}`} maxLength={max} defaultValue={guide?.[name] ?? ""} autoComplete="off" {...invalidProps(error, `guide.${name}`)} />
      <FieldError error={error} field={`guide.${name}`} />
    </label>
  );
  const area = (name: "process" | "fees" | "basis", rows: number) => (
    <label className="wide">
      {g[name]}
      <textarea name={`guide.${name}`} rows={rows} defaultValue={guide?.[name] ?? ""} {...invalidProps(error, `guide.${name}`)} />
      <FieldError error={error} field={`guide.${name}`} />
    </label>
  );
  const limit = (name: "legalLimitDays" | "promisedLimitDays") => (
    <label>
      {g[name]}
      <input name={`guide.${name}`} type="number" min={1} max={365} step={1} defaultValue={guide?.[name] ?? ""} aria-describedby="limit-hint" {...invalidProps(error, `guide.${name}`)} />
      <FieldError error={error} field={`guide.${name}`} />
    </label>
  );
  return (
    <fieldset className="guide-fields wide">
      <legend>{t.guideTitle}</legend>
      {text("itemName", 200)}
      {text("handlingDepartment", 200)}
      {text("location", 500)}
      {text("hours", 200)}
      {text("phone", 100)}
      {limit("legalLimitDays")}
      {limit("promisedLimitDays")}
      <p id="limit-hint" className="muted small">
        {t.limitHint}
      </p>
      <label className="wide">
        {g.materials}
        <textarea name="guide.materials" rows={4} defaultValue={guide?.materials?.join("\n") ?? ""} aria-describedby="materials-hint" {...invalidProps(error, "guide.materials")} />
        <span id="materials-hint" className="muted small">
          {t.materialsHint}
        </span>
        <FieldError error={error} field="guide.materials" />
      </label>
      {area("process", 4)}
      {area("fees", 2)}
      {area("basis", 2)}
    </fieldset>
  );
}
