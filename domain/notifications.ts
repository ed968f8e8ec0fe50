import { and, count, desc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Database, Queryable } from "~/db/client";
import { perDatabase } from "~/db/per-database";
import { notifications } from "~/db/schema";
import type { Clock } from "./clock";

export interface NewNotification {
  userId: string;
  title: string;
  body: string;
  link: string | null;
}

/** Writes in-app notifications; called inside the transaction that decided them. */
export async function notifyUsers(db: Queryable, rows: readonly NewNotification[], at: Date): Promise<void> {
  if (!rows.length) return;
  await db.insert(notifications).values(rows.map((r) => ({ ...r, createdAt: at })));
}

/** Every staff page shows the unread count: built once per database, not per request (see db/prepared.ts). */
const unreadCountQuery = perDatabase((db) =>
  db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, sql.placeholder("userId")), isNull(notifications.readAt)))
    .prepare("count_unread_notifications"),
);

export async function countUnread(db: Database, userId: string): Promise<number> {
  const [row] = await unreadCountQuery(db).execute({ userId });
  return row?.n ?? 0;
}

export const NOTIFICATIONS_PAGE_SIZE = 20;

/** A user's notifications, newest first; `before` (an id) pages further back. */
export async function listNotifications(db: Queryable, userId: string, before: number | null) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), before === null ? undefined : lt(notifications.id, before)))
    .orderBy(desc(notifications.id))
    .limit(NOTIFICATIONS_PAGE_SIZE);
}

/** Marks the given notifications (or all, when `ids` is null) read; only the owner's rows change. */
export async function markNotificationsRead(db: Queryable, clock: Clock, userId: string, ids: readonly number[] | null): Promise<void> {
  const own = and(eq(notifications.userId, userId), isNull(notifications.readAt));
  await db
    .update(notifications)
    .set({ readAt: clock.now() })
    .where(ids === null ? own : and(own, inArray(notifications.id, [...ids])));
}
