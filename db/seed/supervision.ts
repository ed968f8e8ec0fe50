import type { SupervisionLevel, Addressee } from "../schema/supervision";

/**
 * Starting supervision rules (administrators change them on the supervision rules page). The
 * wording follows common 12345 practice: a yellow warning before the deadline, red at the
 * deadline, then 提醒 → 催办 → 督办 → 通报 addressed ever higher.
 */
export const seedSupervisionLevels: readonly {
  level: SupervisionLevel;
  hoursAfterDue: number;
  shareUsed: number | null;
  addressee: Addressee;
  requiresResponse: boolean;
  noticeTemplate: string;
}[] = [
  {
    level: "warning",
    hoursAfterDue: -4,
    shareUsed: 0.8,
    addressee: "handler",
    requiresResponse: false,
    noticeTemplate: "【预警】工单{number}「{title}」的{stage}时限将于{deadline}到期，请抓紧办理。",
  },
  {
    level: "overdue",
    hoursAfterDue: 0,
    shareUsed: null,
    addressee: "handler",
    requiresResponse: false,
    noticeTemplate: "【超期】工单{number}「{title}」已超过{stage}时限（{deadline}），请立即办理。",
  },
  {
    level: "remind",
    hoursAfterDue: 4,
    shareUsed: null,
    addressee: "handler",
    requiresResponse: false,
    noticeTemplate: "【提醒】工单{number}「{title}」{stage}已超期，请{department}尽快办理并回复。",
  },
  {
    level: "urge",
    hoursAfterDue: 24,
    shareUsed: null,
    addressee: "department_lead",
    requiresResponse: false,
    noticeTemplate: "【催办】工单{number}「{title}」{stage}超期已逾一天，请{department}负责人督促办理。",
  },
  {
    level: "supervise",
    hoursAfterDue: 72,
    shareUsed: null,
    addressee: "department_lead",
    requiresResponse: true,
    noticeTemplate: "【督办】工单{number}「{title}」{stage}超期已逾三天，请{department}书面说明原因及办理计划。",
  },
  {
    level: "circulate",
    hoursAfterDue: 168,
    shareUsed: null,
    addressee: "supervisor",
    requiresResponse: true,
    noticeTemplate: "【通报】工单{number}「{title}」{stage}超期已逾七天，{department}仍未办结，予以通报。",
  },
];

/** Background jobs and when they run (cron, Asia/Shanghai). See workers/jobs.ts. */
export const seedJobSchedules: readonly { job: string; cron: string }[] = [
  { job: "deadline-sweep", cron: "* * * * *" },
  { job: "outbox-dispatch", cron: "* * * * *" },
  { job: "search-sync", cron: "* * * * *" },
  { job: "rate-limit-prune", cron: "17 * * * *" },
  { job: "stats-rollup", cron: "*/5 * * * *" },
  { job: "rating-defaults", cron: "7 * * * *" },
  { job: "dispatch-model-retrain", cron: "30 2 * * *" },
];
