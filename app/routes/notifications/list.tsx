import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/app/auth.server";
import { formText, readForm } from "~/app/form.server";
import { formatDateTime, messages } from "~/app/i18n";
import { positiveId } from "~/app/query-params.server";
import stylesheet from "~/app/styles/supervision.css?url";
import { countUnread, listNotifications, markNotificationsRead, NOTIFICATIONS_PAGE_SIZE } from "~/domain/notifications";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];
export const meta: MetaFunction = () => [{ title: `${messages.supervision.notifications.title} · ${messages.appShortName}` }];

/** Every signed-in user has notifications; the list pages back by id (`?before=`), newest first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const before = positiveId(new URL(request.url).searchParams.get("before")) ?? null;
  const { db } = context.services;
  const [rows, unread] = await Promise.all([listNotifications(db, user.id, before), countUnread(db, user.id)]);
  return {
    notifications: rows,
    unread,
    paged: before !== null,
    // A full page may have more behind it.
    olderBefore: rows.length === NOTIFICATIONS_PAGE_SIZE ? rows.at(-1)!.id : null,
  };
}

/** Marks one notification (`id`) or all of them read; only the user's own rows ever change. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const form = await readForm(request);
  const intent = formText(form, "intent");
  const { db, clock } = context.services;
  if (intent === "read-all") {
    await markNotificationsRead(db, clock, user.id, null);
  } else if (intent === "read") {
    const id = positiveId(formText(form, "id"));
    if (id === undefined) throw new Response("Bad Request", { status: 400 });
    await markNotificationsRead(db, clock, user.id, [id]);
  } else {
    throw new Response("Bad Request", { status: 400 });
  }
  const back = new URL(request.url);
  back.searchParams.set("done", intent);
  return redirect(`${back.pathname}${back.search}`);
}

export default function NotificationsPage() {
  const { notifications, unread, paged, olderBefore } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const t = messages.supervision.notifications;
  const done = params.get("done");
  return (
    <>
      <div className="toolbar">
        <h1 className="m-0">
          {t.title}
          {unread ? <span className="badge warn">{`${t.unread} ${unread}`}</span> : null}
        </h1>
        {unread ? (
          <Form method="post">
            <input type="hidden" name="intent" value="read-all" />
            <button type="submit" className="button" disabled={busy}>
              {t.markAllRead}
            </button>
          </Form>
        ) : null}
      </div>
      {done === "read-all" || done === "read" ? (
        <p className="notice" role="status">
          {done === "read-all" ? t.allRead : t.read}
        </p>
      ) : null}
      {notifications.length === 0 ? (
        <div className="empty-state">{t.empty}</div>
      ) : (
        <ul className="notification-list">
          {notifications.map((n) => (
            <li key={n.id} className={n.readAt ? undefined : "unread"}>
              <div className="body">
                <strong>{n.title}</strong>{" "}
                <time className="muted small" dateTime={new Date(n.createdAt).toISOString()}>
                  {formatDateTime(n.createdAt)}
                </time>
                {n.readAt ? null : <span className="badge warn">{t.unread}</span>}
                <p>{n.body}</p>
                {n.link ? (
                  <Link className="small" to={n.link}>
                    {t.open}
                  </Link>
                ) : null}
              </div>
              {n.readAt ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit" className="button link" disabled={busy}>
                    {t.markRead}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      <nav className="pagination" aria-label="分页">
        {paged ? <Link to="/notifications">{t.newest}</Link> : <span aria-hidden="true" />}
        {olderBefore !== null ? <Link to={`/notifications?before=${olderBefore}`}>{t.older}</Link> : <span aria-hidden="true" />}
      </nav>
    </>
  );
}
