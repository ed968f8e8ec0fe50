import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { recordAudit } from "~/domain/audit";
import { actorOf } from "~/app/auth.server";

/** Sign-out is a POST (a link could be triggered by another site); GET just goes home. */
export function loader() {
  throw redirect("/");
}

export async function action({ context }: ActionFunctionArgs) {
  const { services, auth } = context;
  if (auth.session && auth.user) {
    await services.auth.invalidateSession(auth.session.id);
    await recordAudit(services.db, { action: "auth.sign_out", actor: actorOf(context, auth.user), at: services.clock.now() });
  }
  throw redirect("/login?signedOut=1", { headers: { "Set-Cookie": services.auth.createBlankSessionCookie().serialize() } });
}
