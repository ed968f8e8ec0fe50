/**
 * The tables the generator fills and the columns it writes, in the order each row's values come
 * (see story.ts). Columns left out take their defaults, e.g. ticket_events.tx_id: the loading
 * transaction's id, so the export feed reads the generated history like an import (older than
 * every later change, in id order).
 */
export const GENERATED_TABLES = {
  tickets: [
    "id", "number", "query_code", "channel", "request_type", "urgency", "category_id", "title", "description", "address", "area",
    "citizen_name", "citizen_phone", "anonymous", "confidential", "state", "lead_department_id", "created_at", "updated_at",
    "dispatched_at", "signed_at", "replied_at", "closed_at", "dispatch_due_at", "sign_due_at", "handle_due_at", "paused_at",
    "paused_remaining_minutes", "time_limit_rule_id", "reply", "closing_note", "merged_into_id", "signed_late", "replied_late",
    "round", "first_rating", "final_rating", "rating_defaulted", "resolved",
  ],
  ticket_events: ["ticket_id", "at", "action", "from_state", "to_state", "actor_label", "actor_role", "department_id", "channel", "reason", "data"],
  ticket_assignments: ["ticket_id", "department_id", "role", "assigned_at", "worklist_state", "worklist_due_at"],
  calls: [
    "call_sid", "from_number", "to_number", "status", "status_rank", "menu_choice", "started_at", "ended_at", "duration_seconds",
    "enqueued_at", "queue_left_at", "queue_result", "connected_at", "ticket_id", "updated_at",
  ],
  ratings: ["id", "ticket_id", "round", "level", "resolved", "comment", "channel", "at", "actor_label"],
  callback_tasks: ["ticket_id", "round", "due_at", "status", "attempts", "last_attempt_at", "completed_at", "created_at"],
  rating_verifications: ["id", "ticket_id", "rating_id", "round", "status", "dismiss_reason", "note", "created_at", "decided_at"],
  rectifications: ["ticket_id", "round", "verification_id", "department_id", "due_at", "original_reply", "report", "reported_at", "created_at"],
  deadline_watches: ["ticket_id", "kind", "due_at", "started_at", "last_level", "next_at"],
} as const satisfies Record<string, readonly string[]>;

export type GeneratedTable = keyof typeof GENERATED_TABLES;
export const GENERATED_TABLE_NAMES = Object.keys(GENERATED_TABLES) as GeneratedTable[];

/** One row's values in the table's column order; Dates, booleans, numbers, objects (jsonb) or null. */
export type RowValues = readonly unknown[];
