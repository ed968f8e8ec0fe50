import { describe, expect, it } from "vitest";
import type { BackendName, SearchBackend, SearchRequest } from "./backend";
import { PRIMARY_RETRY_AFTER_MS, withFallback } from "./create";

/** A backend that answers or fails as the test says, counting the searches it was asked. */
function scriptedBackend(name: BackendName) {
  const backend = {
    name,
    fails: false,
    searches: 0,
    index: async () => {},
    remove: async () => {},
    async search() {
      backend.searches++;
      if (backend.fails) throw new Error(`${name} timed out`);
      return { hits: [], total: 0, tookMs: 1, backend: name };
    },
  };
  return backend satisfies SearchBackend;
}

describe("search with a fallback backend", () => {
  const request = { q: "噪音", audience: "staff" } as unknown as SearchRequest;

  it("answers from the fallback while the primary fails, and leaves the primary alone for a while", async () => {
    const primary = scriptedBackend("meilisearch");
    const fallback = scriptedBackend("postgres");
    const warnings: string[] = [];
    let clock = 1_000_000;
    const search = withFallback(primary, fallback, { warn: (message) => warnings.push(message) }, () => clock);

    expect((await search.search(request)).backend).toBe("meilisearch");
    primary.fails = true;
    expect((await search.search(request)).backend).toBe("postgres");
    expect(primary.searches).toBe(2);

    // Within the pause, the primary is not asked at all (a hung server costs one timeout).
    clock += PRIMARY_RETRY_AFTER_MS - 1;
    expect((await search.search(request)).backend).toBe("postgres");
    expect(primary.searches).toBe(2);

    // After it, the primary is tried again; still failing, it starts another pause.
    clock += 1;
    expect((await search.search(request)).backend).toBe("postgres");
    expect(primary.searches).toBe(3);

    primary.fails = false;
    clock += PRIMARY_RETRY_AFTER_MS;
    expect((await search.search(request)).backend).toBe("meilisearch");
    expect(fallback.searches).toBe(3);
    expect(warnings).toEqual([
      "search backend failed; answering from the fallback",
      "search backend failed; answering from the fallback",
      "search backend answers again",
    ]);
  });
});
