/**
 * Group commit for one kind of write: callers submit items one at a time, and items that arrive
 * while earlier batches are being written are written together, in one transaction, by the next
 * batch. An idle system writes each item at once (a batch of one, no timer, no added latency);
 * under load the per-transaction costs — round trips, BEGIN/COMMIT, the WAL flush — are shared by
 * every item of a batch. (PostgreSQL groups the flushes of concurrent commits itself; this also
 * groups the statements.)
 *
 * `write` gets a batch and answers each item with its result or the error that item alone
 * deserves. When `write` throws for a batch of several, each item is written again on its own, so
 * one item's failure never becomes its neighbours'.
 */
export interface GroupCommitOptions {
  /** Batches being written at once; more lets the database work on one while another commits. */
  inFlight: number;
  /** Largest batch; a longer queue is written in several batches. */
  maxBatch: number;
}

export type BatchWrite<T, R> = (items: readonly T[]) => Promise<(R | Error)[]>;

export function groupCommit<T, R>(write: BatchWrite<T, R>, options: GroupCommitOptions): (item: T) => Promise<R> {
  const queue: { item: T; resolve(result: R): void; reject(error: unknown): void }[] = [];
  let writing = 0;

  const settle = async (batch: typeof queue) => {
    const results = await writeSeparatelyOnFailure(write, batch.map((p) => p.item));
    batch.forEach((pending, i) => {
      const result = results[i]!;
      if (result instanceof Error) pending.reject(result);
      else pending.resolve(result);
    });
  };

  const drain = () => {
    while (writing < options.inFlight && queue.length) {
      const batch = queue.splice(0, options.maxBatch);
      writing++;
      void settle(batch).finally(() => {
        writing--;
        drain();
      });
    }
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      drain();
    });
}

async function writeSeparatelyOnFailure<T, R>(write: BatchWrite<T, R>, items: readonly T[]): Promise<(R | Error)[]> {
  try {
    return await write(items);
  } catch (error) {
    if (items.length === 1) return [error instanceof Error ? error : new Error(String(error))];
    return Promise.all(items.map(async (item) => (await writeSeparatelyOnFailure(write, [item]))[0]!));
  }
}
