ALTER TABLE "ticket_assignments" ADD COLUMN "worklist_state" "ticket_state";--> statement-breakpoint
ALTER TABLE "ticket_assignments" ADD COLUMN "worklist_due_at" timestamp with time zone;--> statement-breakpoint
-- Assignments of tickets now in their departments' worklist (DEPARTMENT_WORKLIST_STATES in
-- domain/tickets/states.ts as of this migration; compared as text because a fresh database adds
-- "rectifying" in this same transaction); from here on runTicketAction keeps both columns.
UPDATE "ticket_assignments" SET "worklist_state" = "tickets"."state",
  "worklist_due_at" = least("tickets"."dispatch_due_at", "tickets"."sign_due_at", "tickets"."handle_due_at")
FROM "tickets"
WHERE "tickets"."id" = "ticket_assignments"."ticket_id"
  AND "tickets"."state"::text IN ('dispatched', 'signed', 'in_progress', 'suspended', 'rectifying');--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "ticket_assignments_worklist_idx" ON "ticket_assignments" USING btree ("department_id","worklist_due_at","ticket_id","worklist_state") WHERE "ticket_assignments"."worklist_state" is not null;
