import type { DeadlineKind } from "~/db/schema";
import { DEFAULT_UTC_OFFSET_MINUTES } from "../calendar/working-calendar";

/**
 * Notices are text sent to people and kept as records, so their words are data: the templates
 * are administrator-edited rows, and these are the names their placeholders take.
 */
export const DEADLINE_STAGE_NAMES: Record<DeadlineKind, string> = {
  dispatch: "派单",
  sign: "签收",
  handle: "办理",
};

export const NOTICE_PLACEHOLDERS = ["number", "title", "deadline", "department", "stage"] as const;

export interface NoticeSubject {
  number: string;
  title: string;
  departmentName: string | null;
  kind: DeadlineKind;
  dueAt: Date;
}

export function renderNotice(template: string, subject: NoticeSubject): string {
  const values: Record<(typeof NOTICE_PLACEHOLDERS)[number], string> = {
    number: subject.number,
    title: subject.title,
    deadline: formatLocalMinute(subject.dueAt),
    department: subject.departmentName ?? "热线中心",
    stage: DEADLINE_STAGE_NAMES[subject.kind],
  };
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? values[key as keyof typeof values] : whole));
}

/** "YYYY-MM-DD HH:mm" in China's time zone, as the notices are read there. */
export function formatLocalMinute(at: Date): string {
  return new Date(at.getTime() + DEFAULT_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 16).replace("T", " ");
}
