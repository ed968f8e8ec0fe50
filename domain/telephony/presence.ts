import { eq } from "drizzle-orm";
import type { Database, Queryable } from "~/db/client";
import { calls, operatorPresence } from "~/db/schema";
import type { Clock } from "../clock";

export type OperatorStatus = "available" | "offline";

/**
 * An operator marks themselves free to take calls (置闲) or not (示忙). Becoming available also
 * ends their hold on a finished call (wrap-up done).
 */
export async function setOperatorStatus(db: Database, clock: Clock, userId: string, status: OperatorStatus) {
  const now = clock.now();
  await db
    .insert(operatorPresence)
    .values({ userId, status, callId: null, since: now })
    .onConflictDoUpdate({ target: operatorPresence.userId, set: { status, callId: null, since: now } });
}

/** The operator's status and the call they are on (the screen pop), if any. */
export async function getOperatorDesk(db: Queryable, userId: string) {
  const [row] = await db
    .select({ status: operatorPresence.status, since: operatorPresence.since, call: calls })
    .from(operatorPresence)
    .leftJoin(calls, eq(calls.id, operatorPresence.callId))
    .where(eq(operatorPresence.userId, userId));
  return { status: row?.status ?? ("offline" as const), since: row?.since ?? null, call: row?.call ?? null };
}

/** Operators who could take a call now. */
export async function countAvailableOperators(db: Queryable) {
  return db.$count(operatorPresence, eq(operatorPresence.status, "available"));
}
