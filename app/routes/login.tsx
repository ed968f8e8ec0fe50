import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { safeRedirectPath } from "~/app/auth.server";
import { formText, readForm } from "~/app/form.server";
import { homePathFor } from "~/app/navigation";
import { signIn } from "~/domain/staff/sign-in";
import { getStaffIdentity } from "~/domain/staff/users";
import { messages } from "~/app/i18n";

const t = messages.signIn;

export const meta: MetaFunction = () => [{ title: `${t.title} · ${messages.appName}` }];

export function loader({ request, context }: LoaderFunctionArgs) {
  const user = context.auth.user;
  if (user) {
    const target = new URL(request.url).searchParams.get("redirectTo");
    throw redirect(safeRedirectPath(target, homePathFor(user.roles)));
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { services } = context;
  const form = await readForm(request);
  const username = formText(form, "username");
  const password = typeof form.get("password") === "string" ? (form.get("password") as string) : "";
  if (!username || !password) return data({ error: t.missingFields }, { status: 400 });
  if (username.length > 64 || password.length > 256) return data({ error: t.invalidCredentials }, { status: 400 });

  const result = await signIn(services.db, services.clock, {
    username,
    password,
    ip: context.ip,
    refuseDemoPassword: services.config.production,
  });
  if (!result.ok) {
    const message =
      result.reason === "locked"
        ? t.locked(Math.max(1, Math.ceil((result.lockedUntil.getTime() - services.clock.now().getTime()) / 60_000)))
        : result.reason === "inactive"
          ? t.inactive
          : result.reason === "demo_password_refused"
            ? t.demoPasswordRefused
            : t.invalidCredentials;
    return data({ error: message }, { status: result.reason === "locked" ? 429 : 401 });
  }

  const session = await services.auth.createSession(result.userId, {
    ip: context.ip,
    userAgent: request.headers.get("user-agent")?.slice(0, 300) ?? null,
  });
  const identity = await getStaffIdentity(services.db, result.userId);
  const target = safeRedirectPath(formText(form, "redirectTo"), homePathFor(identity?.roles ?? []));
  throw redirect(target, { headers: { "Set-Cookie": services.auth.createSessionCookie(session.id).serialize() } });
}

export default function SignInPage() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const busy = navigation.state !== "idle";
  return (
    <main className="page-center sign-in">
      <section className="panel sign-in-panel" aria-labelledby="sign-in-title">
        <p className="brand">{messages.appName}</p>
        <h1 id="sign-in-title">{t.title}</h1>
        {params.get("signedOut") ? <p className="notice">{t.signedOut}</p> : null}
        <Form method="post" className="form-stack">
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          <label>
            {t.username}
            <input name="username" autoComplete="username" required autoFocus maxLength={64} />
          </label>
          <label>
            {t.password}
            <input name="password" type="password" autoComplete="current-password" required maxLength={256} />
          </label>
          {actionData?.error ? (
            <p className="form-error" role="alert">
              {actionData.error}
            </p>
          ) : null}
          <button type="submit" className="button primary" disabled={busy}>
            {t.submit}
          </button>
        </Form>
        <p className="muted small">{t.citizenHint}</p>
      </section>
    </main>
  );
}
