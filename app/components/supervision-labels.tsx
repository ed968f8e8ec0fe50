import { messages } from "~/app/i18n";
import type { Addressee, DeadlineKind, SupervisionLevel } from "~/db/schema";

export type ResponseStatusKey = keyof typeof messages.supervision.responseStatus;

export function responseStatusOf(record: { requiresResponse: boolean; respondedAt: Date | string | null }): ResponseStatusKey {
  if (record.respondedAt) return "answered";
  return record.requiresResponse ? "awaiting" : "not_required";
}

/** 待回复 / 已回复 / 无需回复, in words and colour. */
export function ResponseStatus({ record }: { record: { requiresResponse: boolean; respondedAt: Date | string | null } }) {
  const status = responseStatusOf(record);
  return <span className={`status ${status}`}>{messages.supervision.responseStatus[status]}</span>;
}

export function LevelLabel({ level }: { level: SupervisionLevel }) {
  return <span className={`level ${level}`}>{messages.supervision.levels[level]}</span>;
}

/**
 * "单位负责人 · 区城管局". The centre's own dispatch deadline goes to its dispatchers, then its
 * supervisors (domain/supervision/recipients.ts), so those notices name the role that gets them.
 */
export function addresseeText(record: { kind: DeadlineKind; addressee: Addressee; departmentName: string | null }): string {
  if (record.kind === "dispatch") {
    return `${messages.roles[record.addressee === "handler" ? "dispatcher" : "supervisor"]} · ${messages.supervision.record.centre}`;
  }
  return `${messages.supervision.addressees[record.addressee]} · ${record.departmentName ?? messages.supervision.record.centre}`;
}
