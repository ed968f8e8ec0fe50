import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createMemoryHistory, createRouter, matchRoutes } from "@remix-run/router";
import { describe, expect, it } from "vitest";

/**
 * patches/@remix-run+router+*.patch keeps the ranked route branches and compiled path patterns
 * between calls (docs/decisions/0011-city-scale.md). These pin what that must not change.
 */
describe("route matching with the patched @remix-run/router", () => {
  it("is the patched build that the server loads", () => {
    const source = readFileSync(createRequire(import.meta.url).resolve("@remix-run/router"), "utf8");
    expect(source).toContain("function rankedBranchesOf(routes)");
    expect(source).toContain("const compiledPaths = new Map()");
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
