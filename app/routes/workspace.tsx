import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/app/auth.server";
import { NotificationBell } from "~/app/components/notification-bell";
import { modulesFor } from "~/app/navigation";
import { messages } from "~/app/i18n";
import { countUnread } from "~/domain/notifications";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  return {
    unreadNotifications: await countUnread(context.services.db, user.id),
    user: { displayName: user.displayName, roles: user.roles, departmentName: user.departmentName },
    modules: modulesFor(user.roles).map(({ key, path }) => ({ key, path })),
  };
}

export default function Workspace() {
  const { user, modules, unreadNotifications } = useLoaderData<typeof loader>();
  const t = messages.nav;
  return (
    <div className="workspace">
      <a className="skip-link" href="#main">
        {messages.common.skipToContent}
      </a>
      <header className="topbar">
        <a className="brand" href="/home">
          {messages.appShortName}
        </a>
        <nav aria-label="主导航" className="main-nav">
          <ul>
            {modules.map((m) => (
              <li key={m.key}>
                <NavLink to={m.path} prefetch="intent">
                  {t[m.key]}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <NotificationBell initialUnread={unreadNotifications} />
          <span title={t.signedInAs}>
            {user.displayName}
            <span className="muted">
              {" "}
              · {user.roles.map((r) => messages.roles[r]).join("、")}
              {user.departmentName ? ` · ${user.departmentName}` : ""}
            </span>
          </span>
          <Form method="post" action="/logout">
            <button type="submit" className="button link">
              {t.signOut}
            </button>
          </Form>
        </div>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
