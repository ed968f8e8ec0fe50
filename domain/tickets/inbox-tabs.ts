import type { TicketListFilter, TicketSort } from "./queries";
import type { TicketState } from "./states";

/**
 * The tabs of a department's inbox and what each lists; the page and the tests read them from
 * here. Type imports only: the page's tab bar renders in the browser too.
 */
export const INBOX_TABS = ["pending", "working", "suspended", "rectifying", "dueSoon", "overdue", "all"] as const;
export type InboxTab = (typeof INBOX_TABS)[number];
/** Tabs whose labels carry a count: every one but 全部, which is every ticket the unit ever had. */
export type CountedInboxTab = Exclude<InboxTab, "all">;
export const COUNTED_INBOX_TABS = INBOX_TABS.filter((t): t is CountedInboxTab => t !== "all");

const DUE_SOON_MS = 24 * 3_600_000;

/** States in which the department's own clocks (sign-for, handling, rectification) run. */
const RUNNING: TicketState[] = ["dispatched", "signed", "in_progress", "rectifying"];

/**
 * What each tab lists. The domain limits every query to tickets the user's department leads or
 * co-handles. 临期 = a sign-for, handling or rectification deadline within the next 24 hours and
 * not yet past; 超期 = a deadline already past.
 */
export function inboxTabQuery(tab: InboxTab, now: Date): { filter: TicketListFilter; sort: TicketSort } {
  switch (tab) {
    case "pending":
      return { filter: { states: ["dispatched"] }, sort: "due" };
    case "working":
      return { filter: { states: ["signed", "in_progress"] }, sort: "due" };
    case "suspended":
      return { filter: { states: ["suspended"] }, sort: "newest" };
    case "rectifying":
      return { filter: { states: ["rectifying"] }, sort: "due" };
    case "dueSoon":
      return { filter: { states: RUNNING, dueAfter: now, dueBefore: new Date(now.getTime() + DUE_SOON_MS) }, sort: "due" };
    case "overdue":
      return { filter: { states: RUNNING, dueBefore: now }, sort: "due" };
    case "all":
      return { filter: {}, sort: "newest" };
  }
}

/** The counted tabs' filters at `now`, for countWorklist. */
export function countedInboxTabs(now: Date): Record<CountedInboxTab, TicketListFilter> {
  return Object.fromEntries(COUNTED_INBOX_TABS.map((t) => [t, inboxTabQuery(t, now).filter])) as Record<CountedInboxTab, TicketListFilter>;
}
