import { NavLink } from "@remix-run/react";
import { messages } from "~/app/i18n";

const tabs = [
  { to: "/admin", label: messages.admin.overview, end: true },
  { to: "/admin/departments", label: messages.admin.departments, end: false },
  { to: "/admin/users", label: messages.admin.users, end: false },
  { to: "/admin/time-limits", label: messages.adminData.tabs.timeLimits, end: false },
  { to: "/admin/calendar", label: messages.adminData.tabs.calendar, end: false },
  { to: "/admin/routing", label: messages.adminData.tabs.routing, end: false },
  { to: "/admin/categories", label: messages.adminData.tabs.categories, end: false },
  { to: "/admin/settings", label: messages.adminData.tabs.settings, end: false },
  { to: "/admin/ratings", label: messages.ratings.admin.tab, end: false },
  { to: "/admin/stats-definitions", label: messages.stats.admin.tab, end: false },
  { to: "/admin/telephony", label: messages.telephony.settings.title, end: false },
  { to: "/admin/supervision-rules", label: messages.supervision.admin.tabs.rules, end: false },
  { to: "/admin/jobs", label: messages.supervision.admin.tabs.jobs, end: false },
  { to: "/admin/outbox", label: messages.supervision.admin.tabs.outbox, end: false },
  { to: "/admin/audit", label: messages.admin.auditLog, end: false },
];

export function AdminTabs() {
  return (
    <nav aria-label={messages.admin.title} className="tabs wrap">
      {tabs.map((tab) => (
        <NavLink key={tab.to} to={tab.to} end={tab.end}>
          {tab.label}
        </NavLink>
      ))}
    </nav>
  );
}
