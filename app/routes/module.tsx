import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "~/app/auth.server";
import { workspaceModules } from "~/app/navigation";
import { messages } from "~/app/i18n";

/**
 * The workspace modules whose pages are still to be built (telephony, supervision, statistics).
 * The page says so plainly; access is already enforced by role.
 */
export function loader({ request, context, params }: LoaderFunctionArgs) {
  const module = workspaceModules.find((m) => m.key === params.module && m.key !== "admin");
  if (!module) throw new Response("Not Found", { status: 404 });
  requireRole(request, context, module.roles);
  return { key: module.key as Exclude<typeof module.key, "admin"> };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${messages.modules[data.key].title} · ${messages.appShortName}` : messages.appName },
];

export default function ModulePage() {
  const { key } = useLoaderData<typeof loader>();
  const m = messages.modules[key];
  return (
    <>
      <h1>{m.title}</h1>
      <p className="lead">{m.description}</p>
      <div className="empty-state">{messages.workspace.comingSoon}</div>
    </>
  );
}
