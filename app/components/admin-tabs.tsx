import { NavLink } from "@remix-run/react";
import { messages } from "~/app/i18n";

const tabs = [
  { to: "/admin", label: messages.admin.overview, end: true },
  { to: "/admin/departments", label: messages.admin.departments, end: false },
  { to: "/admin/users", label: messages.admin.users, end: false },
  { to: "/admin/audit", label: messages.admin.auditLog, end: false },
];

export function AdminTabs() {
  return (
    <nav aria-label={messages.admin.title} className="tabs">
      {tabs.map((tab) => (
        <NavLink key={tab.to} to={tab.to} end={tab.end}>
          {tab.label}
        </NavLink>
      ))}
    </nav>
  );
}
