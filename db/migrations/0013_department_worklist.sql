ALTER TABLE "ticket_assignments" ADD COLUMN "in_worklist" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Existing assignments of tickets now in a department's worklist (DEPARTMENT_WORKLIST_STATES in
-- domain/tickets/states.ts as of this migration; compared as text because a fresh database adds
-- "rectifying" in this same transaction); from here on runTicketAction keeps the flag.
UPDATE "ticket_assignments" SET "in_worklist" = true FROM "tickets"
WHERE "tickets"."id" = "ticket_assignments"."ticket_id"
  AND "tickets"."state"::text IN ('dispatched', 'signed', 'in_progress', 'suspended', 'rectifying');--> statement-breakpoint
CREATE INDEX "ticket_assignments_worklist_idx" ON "ticket_assignments" USING btree ("department_id","ticket_id") WHERE "ticket_assignments"."in_worklist";
