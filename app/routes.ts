import { index, layout, prefix, route, type RouteConfig } from "@remix-run/route-config";

export default [
  // Signed out, the front page is the sign-in page; signed in, it forwards to the workspace.
  index("routes/login.tsx", { id: "front" }),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.tsx"),
  // Citizens: no account needed.
  route("report", "routes/public/report.tsx"),
  route("status", "routes/public/status.tsx"),
  // Open311 GeoReport v2 (JSON). Segments like `services/{code}.json` are parsed in the loaders.
  route("open311/v2/services.json", "routes/open311/services.ts"),
  route("open311/v2/services/:file", "routes/open311/service-definition.ts"),
  route("open311/v2/requests.json", "routes/open311/requests.ts"),
  route("open311/v2/requests/:file", "routes/open311/request.ts"),
  route("open311/v2/services.xml", "routes/open311/xml-format.ts", { id: "open311-services-xml" }),
  route("open311/v2/requests.xml", "routes/open311/xml-format.ts", { id: "open311-requests-xml" }),
  route("api/kb/search", "routes/api/kb-search.ts"),
  route("tickets/export.csv", "routes/tickets/export.ts"),
  route("tickets/:id/attachments/:attachmentId", "routes/tickets/attachment-download.ts"),
  layout("routes/workspace.tsx", [
    route("home", "routes/home.tsx"),
    route("intake", "routes/intake/desk.tsx"),
    route("intake/history", "routes/intake/history.ts"),
    route("dispatch", "routes/dispatch/desk.tsx"),
    route("department", "routes/department/inbox.tsx"),
    route("tickets", "routes/tickets/list.tsx"),
    route("tickets/:id", "routes/tickets/detail.tsx"),
    route("tickets/:id/attachments", "routes/tickets/attachment-upload.tsx"),
    route(":module", "routes/module.tsx", { id: "module" }),
    ...prefix("admin", [
      index("routes/admin/overview.tsx"),
      route("departments", "routes/admin/departments.tsx"),
      route("departments/new", "routes/admin/department-new.tsx"),
      route("departments/:id", "routes/admin/department-edit.tsx"),
      route("users", "routes/admin/users.tsx"),
      route("users/new", "routes/admin/user-new.tsx"),
      route("users/:id", "routes/admin/user-edit.tsx"),
      route("audit", "routes/admin/audit.tsx"),
      route("time-limits", "routes/admin/time-limits.tsx"),
      route("calendar", "routes/admin/calendar.tsx"),
      route("routing", "routes/admin/routing.tsx"),
      route("categories", "routes/admin/categories.tsx"),
      route("settings", "routes/admin/settings.tsx"),
    ]),
  ]),
] satisfies RouteConfig;
