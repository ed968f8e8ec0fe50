import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type * as Router from "@remix-run/router";
import { createMemoryHistory, createRouter, matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
// The same version's ES module build, which the patch leaves alone: the reference. Its own
// declaration file covers only part of what it exports; the package's index has the rest.
import * as unpatchedBuild from "@remix-run/router/dist/router.js";
import { describe, expect, it } from "vitest";

const unpatchedMatchRoutes = (unpatchedBuild as unknown as typeof Router).matchRoutes;

/**
 * patches/@remix-run+router+*.patch keeps the ranked route branches and compiled path patterns
 * between calls (docs/decisions/0011-city-scale.md). These pin what that must not change.
 */
describe("route matching with the patched @remix-run/router", () => {
  it("is the patched build that the server loads", () => {
    const source = readFileSync(createRequire(import.meta.url).resolve("@remix-run/router"), "utf8");
    expect(source).toContain("function rankedBranchesOf(routes)");
    expect(source).toContain("const compiledPaths = new Map()");
    expect(source).toContain("function staticPrefixOf(path)");
    expect(unpatchedMatchRoutes).not.toBe(matchRoutes);
  });

  it("matches exactly as the unpatched router does, over a route tree like the app's", () => {
    const routes: AgnosticRouteObject[] = [
      {
        id: "root",
        path: "/",
        children: [
          { id: "home", index: true },
          { id: "login", path: "login" },
          { id: "status", path: "status" },
          { id: "rate", path: "rate/:token" },
          { id: "kb", path: "kb", children: [{ id: "kb-index", index: true }, { id: "kb-article", path: ":articleId" }] },
          { id: "tickets", path: "tickets" },
          { id: "ticket", path: "tickets/:id" },
          { id: "attachment", path: "tickets/:id/attachments/:attachmentId" },
          { id: "admin", path: "admin", children: [{ id: "users", path: "users" }, { id: "user", path: "users/:id" }, { id: "outbox", path: "outbox" }] },
          { id: "workspace", children: [{ id: "dispatch", path: "dispatch" }, { id: "department", path: "department" }] },
          { id: "about", path: ":lang?/about" },
          { id: "api-kb", path: "api/kb/search" },
          { id: "telephony", path: "telephony/voice/status" },
          { id: "files", path: "files/*" },
          { id: "robots", path: "robots.txt" },
          { id: "cafe", path: "café" },
          { id: "case", path: "Exact", caseSensitive: true },
          { id: "splat", path: "*" },
        ],
      },
    ];
    const paths = [
      "/", "", "/login", "/LOGIN", "/login/", "/login//", "/loginx", "/status?x=1", "/rate/abc.def", "/rate", "/rate/",
      "/kb", "/kb/", "/kb/42", "/KB/42/", "/kb/42/extra", "/tickets", "/tickets/7", "/Tickets/7/", "/tickets//7",
      "/tickets/7/attachments/3", "/tickets/7/attachments", "/admin", "/admin/users", "/admin/users/9", "/ADMIN/Users/9",
      "/admin//users", "/adminusers", "/dispatch", "/department/", "/about", "/zh/about", "/zh/about/more", "/api/kb/search",
      "/api/kb", "/telephony/voice/status", "/telephony/voice", "/files", "/files/a/b.png", "/files/", "/robots.txt", "/robotsxtxt",
      "/caf%C3%A9", "/CAF%C3%89", "/café", "/Exact", "/exact", "/%2Flogin", "/%E0%A4%A", "/İ", "/ſtatus", "/nowhere/at/all",
    ];
    const summary = (matches: ReturnType<typeof matchRoutes>) => matches?.map((m) => [m.route.id, m.params, m.pathname, m.pathnameBase]) ?? null;
    for (const path of paths) expect(summary(matchRoutes(routes, path)), path).toEqual(summary(unpatchedMatchRoutes(routes, path)));
  });

  it("matches the same routes array the same way every time, params included", () => {
    const routes = [{ id: "root", path: "/", children: [{ id: "ticket", path: "tickets/:id" }, { id: "tickets", path: "tickets" }, { id: "splat", path: "*" }] }];
    for (let i = 0; i < 3; i++) {
      expect(matchRoutes(routes, "/tickets/42")?.map((m) => [m.route.id, m.params.id])).toEqual([
        ["root", "42"],
        ["ticket", "42"],
      ]);
      expect(matchRoutes(routes, "/tickets")?.at(-1)?.route.id).toBe("tickets");
      expect(matchRoutes(routes, "/TICKETS/7")?.at(-1)?.route.id).toBe("ticket");
      expect(matchRoutes(routes, "/elsewhere")?.at(-1)?.params["*"]).toBe("elsewhere");
    }
  });

  it("sees routes patched into an array it has already matched (lazy route discovery)", async () => {
    const router = createRouter({ routes: [{ id: "root", path: "/", children: [{ id: "home", index: true }] }], history: createMemoryHistory() });
    try {
      const before = router.routes;
      expect(matchRoutes(before, "/late")).toBeNull();
      router.patchRoutes("root", [{ id: "late", path: "late" }]);
      expect(matchRoutes(router.routes, "/late")?.at(-1)?.route.id).toBe("late");
      // The patch went into the children of the routes already matched, in place.
      expect(matchRoutes(before, "/late")?.at(-1)?.route.id).toBe("late");
    } finally {
      router.dispose();
    }
  });
});
