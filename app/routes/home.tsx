import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/app/auth.server";
import { modulesFor } from "~/app/navigation";
import { messages } from "~/app/i18n";

export function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  return {
    displayName: user.displayName,
    roles: user.roles,
    departmentName: user.departmentName,
    modules: modulesFor(user.roles).map(({ key, path }) => ({ key, path })),
  };
}

export default function Home() {
  const { displayName, roles, departmentName, modules } = useLoaderData<typeof loader>();
  const t = messages.workspace;
  return (
    <>
      <h1>{t.welcome(displayName)}</h1>
      <dl className="facts">
        <dt>{t.yourRoles}</dt>
        <dd>{roles.map((r) => messages.roles[r]).join("、")}</dd>
        {departmentName ? (
          <>
            <dt>{t.yourDepartment}</dt>
            <dd>{departmentName}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t.modules}</h2>
      <ul className="cards">
        {modules.map((m) => (
          <li key={m.key} className="card">
            <Link to={m.path}>
              <strong>{messages.nav[m.key]}</strong>
              <span className="muted">{m.key === "admin" ? messages.admin.overview : messages.modules[m.key].description}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
