import { index, layout, prefix, route, type RouteConfig } from "@remix-run/route-config";

export default [
  // Signed out, the front page is the sign-in page; signed in, it forwards to the workspace.
  index("routes/login.tsx", { id: "front" }),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.tsx"),
  layout("routes/workspace.tsx", [
    route("home", "routes/home.tsx"),
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
    ]),
  ]),
] satisfies RouteConfig;
