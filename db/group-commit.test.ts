import { describe, expect, it } from "vitest";
import { groupCommit } from "./group-commit";

/** A write that records each batch it gets and answers after a macrotask, like a database. */
function recordingWrite(answer: (item: string) => string | Error = (item) => item.toUpperCase(), throwWhen: (batch: readonly string[]) => boolean = () => false) {
  const batches: string[][] = [];
  const concurrency = { now: 0, most: 0 };
  const write = async (batch: readonly string[]) => {
    batches.push([...batch]);
    concurrency.most = Math.max(concurrency.most, ++concurrency.now);
    await new Promise((resolve) => setTimeout(resolve, 5));
    concurrency.now--;
    if (throwWhen(batch)) throw new Error(`batch of ${batch.length} failed`);
    return batch.map(answer);
  };
  return { batches, concurrency, write };
}

const items = (n: number) => Array.from({ length: n }, (_, i) => `item${i}`);

describe("groupCommit", () => {
  it("writes a lone item at once, in a batch of its own", async () => {
    const { batches, write } = recordingWrite();
    const submit = groupCommit(write, { inFlight: 1, maxBatch: 10 });
    expect(await submit("a")).toBe("A");
    expect(batches).toEqual([["a"]]);
  });

  it("writes the items that arrive during a write together, each getting its own result", async () => {
    const { batches, write } = recordingWrite();
    const submit = groupCommit(write, { inFlight: 1, maxBatch: 100 });
    const results = await Promise.all(items(10).map(submit));
    expect(results).toEqual(items(10).map((i) => i.toUpperCase()));
    expect(batches.map((b) => b.length)).toEqual([1, 9]);
  });

  it("keeps batches within maxBatch and runs up to inFlight of them at once", async () => {
    const { batches, concurrency, write } = recordingWrite();
    const submit = groupCommit(write, { inFlight: 2, maxBatch: 4 });
    await Promise.all(items(11).map(submit));
    // The first two go at once on their own; the nine that queued meanwhile follow in fours.
    expect(batches.map((b) => b.length)).toEqual([1, 1, 4, 4, 1]);
    expect(concurrency.most).toBe(2);
    expect(batches.flat().sort()).toEqual(items(11).sort());
  });

  it("rejects only the item its write answered with an error", async () => {
    const { write } = recordingWrite((item) => (item === "item3" ? new Error("bad item3") : item));
    const submit = groupCommit(write, { inFlight: 1, maxBatch: 100 });
    const settled = await Promise.allSettled(items(6).map(submit));
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect((settled[3] as PromiseRejectedResult).reason.message).toBe("bad item3");
  });

  it("when a batch's write throws, writes each of its items again on its own", async () => {
    const { batches, write } = recordingWrite(undefined, (batch) => batch.includes("item4"));
    const submit = groupCommit(write, { inFlight: 1, maxBatch: 100 });
    const settled = await Promise.allSettled(items(6).map(submit));
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect((settled[4] as PromiseRejectedResult).reason.message).toBe("batch of 1 failed");
    // The first lone item, the failed batch of five, then those five one by one.
    expect(batches.map((b) => b.length)).toEqual([1, 5, 1, 1, 1, 1, 1]);
  });
});
