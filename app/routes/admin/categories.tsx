import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { adminCommandContext, requireAdministrator } from "~/app/admin.server";
import { formNullableNumber, formNumber, runAdminDataAction } from "~/app/admin-data.server";
import { AdminTabs } from "~/app/components/admin-tabs";
import { CategoryOptions, Notice, useFormErrorFor } from "~/app/components/admin-data";
import { FormError } from "~/app/components/form-error";
import { formText, readForm } from "~/app/form.server";
import { messages } from "~/app/i18n";
import stylesheet from "~/app/styles/admin-data.css?url";
import {
  createCategory,
  deleteCategory,
  listCategoryTree,
  MAX_CATEGORY_DEPTH,
  moveCategory,
  setCategoryActive,
  updateCategory,
} from "~/domain/admin-data/categories";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

const PATH = "/admin/categories";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdministrator(request, context);
  const tree = await listCategoryTree(context.services.db);
  const url = new URL(request.url);
  const editId = Number(url.searchParams.get("edit")) || null;
  const addUnder = Number(url.searchParams.get("add")) || null;
  return {
    tree,
    editId: tree.some((c) => c.id === editId) ? editId : null,
    addUnder: tree.some((c) => c.id === addUnder && c.active && c.depth < MAX_CATEGORY_DEPTH) ? addUnder : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = adminCommandContext(request, context);
  const form = await readForm(request);
  const id = () => formNumber(form, "id");
  return runAdminDataAction(form, PATH, async (intent) => {
    switch (intent) {
      case "create":
        await createCategory(ctx, {
          parentId: formNullableNumber(form, "parentId"),
          code: formText(form, "code"),
          name: formText(form, "name"),
          sortOrder: formNullableNumber(form, "sortOrder"),
        });
        return "created";
      case "update":
        await updateCategory(ctx, id(), { code: formText(form, "code"), name: formText(form, "name"), sortOrder: formNumber(form, "sortOrder") });
        return "updated";
      case "move":
        await moveCategory(ctx, id(), { parentId: formNullableNumber(form, "parentId") });
        return "moved";
      case "activate":
        await setCategoryActive(ctx, id(), true);
        return "activated";
      case "deactivate":
        await setCategoryActive(ctx, id(), false);
        return "deactivated";
      case "delete":
        // Never succeeds: categories are deactivated, not deleted (409 with the reason).
        await deleteCategory(ctx, id());
        return null;
      default:
        return null;
    }
  });
}

type Node = ReturnType<typeof useLoaderData<typeof loader>>["tree"][number];

export default function CategoriesPage() {
  const { tree, editId, addUnder } = useLoaderData<typeof loader>();
  const errorFor = useFormErrorFor();
  const busy = useNavigation().state !== "idle";
  const t = messages.adminData.categories;
  return (
    <>
      <h1>{t.title}</h1>
      <AdminTabs />
      <Notice messages={{ created: t.created, updated: t.updated, moved: t.moved, activated: t.activated, deactivated: t.deactivated }} />
      <p className="intro">{t.intro}</p>
      <FormError error={errorFor("delete")} />

      {tree.length === 0 ? (
        <div className="empty-state">{t.empty}</div>
      ) : (
        <table className="data-table middle tree" aria-label={t.title}>
          <thead>
            <tr>
              <th scope="col">{t.name}</th>
              <th scope="col">{t.code}</th>
              <th scope="col">{t.sortOrder}</th>
              <th scope="col">{messages.common.status}</th>
              <th scope="col">{messages.common.actions}</th>
            </tr>
          </thead>
          <tbody>
            {tree.map((node) => (
              <CategoryRows key={node.id} node={node} tree={tree} editing={node.id === editId} adding={node.id === addUnder} busy={busy} errorFor={errorFor} />
            ))}
          </tbody>
        </table>
      )}

      <section className="panel" id="add">
        <h2>{t.addTop}</h2>
        <CreateForm parentId={null} busy={busy} error={errorFor("create", "")} />
      </section>
    </>
  );
}

function CategoryRows({
  node,
  tree,
  editing,
  adding,
  busy,
  errorFor,
}: {
  node: Node;
  tree: readonly Node[];
  editing: boolean;
  adding: boolean;
  busy: boolean;
  errorFor: ReturnType<typeof useFormErrorFor>;
}) {
  const t = messages.adminData.categories;
  // Where this category may move: not under itself or its own descendants.
  const subtree = tree.filter((c) => c.id === node.id || c.path.includes(node.code));
  const below = new Set(subtree.map((c) => c.id));
  const height = 1 + Math.max(...subtree.map((c) => c.depth)) - node.depth;
  const targets = tree.filter((c) => !below.has(c.id) && c.depth + height <= MAX_CATEGORY_DEPTH);
  const stateError = errorFor(node.active ? "deactivate" : "activate", node.id);
  return (
    <>
      <tr id={`category-${node.id}`} className={node.active ? undefined : "inactive"} data-depth={node.depth}>
        <td>
          <span className="tree-name">
            {node.depth > 1 ? (
              <span className="guide" aria-hidden="true">
                └
              </span>
            ) : null}
            {node.depth === 1 ? <strong>{node.name}</strong> : node.name}
            {node.childCount > 0 ? <span className="muted small">（{t.children} {node.childCount}）</span> : null}
          </span>
        </td>
        <td>
          <code>{node.code}</code>
        </td>
        <td>{node.sortOrder}</td>
        <td>{node.active ? messages.common.active : messages.common.inactive}</td>
        <td>
          <div className="row-actions">
            <Link to={`?edit=${node.id}#category-${node.id}`}>{t.rename}</Link>
            {node.active && node.depth < MAX_CATEGORY_DEPTH ? <Link to={`?add=${node.id}#category-${node.id}`}>{t.addChild}</Link> : null}
            <Form method="post">
              <input type="hidden" name="intent" value={node.active ? "deactivate" : "activate"} />
              <input type="hidden" name="id" value={node.id} />
              <button type="submit" className="button link" disabled={busy}>
                {node.active ? t.deactivate : t.activate}
              </button>
            </Form>
          </div>
          <FormError error={stateError} />
        </td>
      </tr>
      {editing ? (
        <tr>
          <td colSpan={5} className="edit-row">
            <h2>{t.editTitle(node.name)}</h2>
            <Form method="post" className="form-inline">
              <input type="hidden" name="intent" value="update" />
              <input type="hidden" name="id" value={node.id} />
              <label>
                {t.name}
                <input name="name" required maxLength={40} defaultValue={node.name} />
              </label>
              <label>
                {t.code}
                <input name="code" required maxLength={20} pattern="[A-Za-z0-9_\-]{1,20}" className="short" defaultValue={node.code} />
              </label>
              <label>
                {t.sortOrder}
                <input name="sortOrder" type="number" min={0} max={9999} required className="tiny" defaultValue={node.sortOrder} />
              </label>
              <button type="submit" className="button primary" disabled={busy}>
                {messages.common.save}
              </button>
              <Link to={PATH}>{messages.common.cancel}</Link>
            </Form>
            <FormError error={errorFor("update", node.id)} />
            <Form method="post" className="form-inline mt-gap">
              <input type="hidden" name="intent" value="move" />
              <input type="hidden" name="id" value={node.id} />
              <label>
                {t.move}
                <select name="parentId" defaultValue={node.parentId ?? ""}>
                  <option value="">{t.topLevel}</option>
                  <CategoryOptions tree={targets} inactiveLabel={messages.common.inactive} />
                </select>
              </label>
              <button type="submit" className="button" disabled={busy}>
                {t.moveSubmit}
              </button>
            </Form>
            <FormError error={errorFor("move", node.id)} />
          </td>
        </tr>
      ) : null}
      {adding ? (
        <tr>
          <td colSpan={5} className="edit-row">
            <h2>{t.addChildTitle(node.name)}</h2>
            <CreateForm parentId={node.id} busy={busy} error={errorFor("create", node.id)} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function CreateForm({ parentId, busy, error }: { parentId: number | null; busy: boolean; error: { message: string } | null }) {
  const t = messages.adminData.categories;
  return (
    <>
      <Form method="post" className="form-inline">
        <input type="hidden" name="intent" value="create" />
        <input type="hidden" name="parentId" value={parentId ?? ""} />
        <input type="hidden" name="id" value={parentId ?? ""} />
        <label>
          {t.code}
          <input name="code" required maxLength={20} pattern="[A-Za-z0-9_\-]{1,20}" className="short" />
        </label>
        <label>
          {t.name}
          <input name="name" required maxLength={40} />
        </label>
        <label>
          {t.sortOrder}
          <input name="sortOrder" type="number" min={0} max={9999} className="tiny" />
        </label>
        <button type="submit" className="button primary" disabled={busy}>
          {messages.common.create}
        </button>
        {parentId !== null ? <Link to={PATH}>{messages.common.cancel}</Link> : null}
      </Form>
      <FormError error={error} />
    </>
  );
}
