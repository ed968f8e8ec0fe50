ALTER TYPE "public"."ticket_state" ADD VALUE IF NOT EXISTS 'rectifying' BEFORE 'revisited';--> statement-breakpoint
CREATE TABLE "callback_tasks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "callback_tasks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ticket_id" bigint NOT NULL,
	"round" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"note" text,
	"completed_by" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "department_daily_stats" (
	"department_id" integer NOT NULL,
	"day" date NOT NULL,
	"received" integer NOT NULL,
	"signed" integer NOT NULL,
	"signed_on_time" integer NOT NULL,
	"replied" integer NOT NULL,
	"replied_on_time" integer NOT NULL,
	"resolved_answered" integer NOT NULL,
	"resolved_yes" integer NOT NULL,
	"rated" integer[] NOT NULL,
	"defaulted" integer[] NOT NULL,
	"reworked" integer NOT NULL,
	"rework_rounds" integer NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "department_daily_stats_department_id_day_pk" PRIMARY KEY("department_id","day")
);
--> statement-breakpoint
CREATE TABLE "rating_verifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rating_verifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ticket_id" bigint NOT NULL,
	"rating_id" bigint NOT NULL,
	"round" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"dismiss_reason" text,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ratings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ratings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ticket_id" bigint NOT NULL,
	"round" integer NOT NULL,
	"level" smallint NOT NULL,
	"resolved" boolean,
	"comment" text,
	"channel" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" text,
	"actor_label" text NOT NULL,
	"source_ref" text
);
--> statement-breakpoint
CREATE TABLE "rectifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rectifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ticket_id" bigint NOT NULL,
	"round" integer NOT NULL,
	"verification_id" bigint NOT NULL,
	"department_id" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"original_reply" text,
	"report" text,
	"reported_at" timestamp with time zone,
	"reported_by" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ticket_events" ADD COLUMN "tx_id" bigint DEFAULT (pg_current_xact_id()::text)::bigint NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "signed_late" boolean;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "replied_late" boolean;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "round" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "first_rating" smallint;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "final_rating" smallint;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "rating_defaulted" boolean;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "resolved" boolean;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_completed_by_users_id_fk" FOREIGN KEY ("completed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_daily_stats" ADD CONSTRAINT "department_daily_stats_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_verifications" ADD CONSTRAINT "rating_verifications_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_verifications" ADD CONSTRAINT "rating_verifications_rating_id_ratings_id_fk" FOREIGN KEY ("rating_id") REFERENCES "public"."ratings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_verifications" ADD CONSTRAINT "rating_verifications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_verification_id_rating_verifications_id_fk" FOREIGN KEY ("verification_id") REFERENCES "public"."rating_verifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "callback_tasks_round_idx" ON "callback_tasks" USING btree ("ticket_id","round");--> statement-breakpoint
CREATE INDEX "callback_tasks_open_idx" ON "callback_tasks" USING btree ("due_at") WHERE "callback_tasks"."status" in ('pending', 'unreached');--> statement-breakpoint
CREATE INDEX "department_daily_stats_day_idx" ON "department_daily_stats" USING btree ("day");--> statement-breakpoint
CREATE UNIQUE INDEX "rating_verifications_round_idx" ON "rating_verifications" USING btree ("ticket_id","round");--> statement-breakpoint
CREATE INDEX "rating_verifications_pending_idx" ON "rating_verifications" USING btree ("created_at") WHERE "rating_verifications"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "ratings_ticket_idx" ON "ratings" USING btree ("ticket_id","round","id");--> statement-breakpoint
CREATE UNIQUE INDEX "ratings_source_once_idx" ON "ratings" USING btree ("channel","source_ref") WHERE "ratings"."source_ref" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "rectifications_round_idx" ON "rectifications" USING btree ("ticket_id","round");--> statement-breakpoint
CREATE INDEX "rectifications_department_idx" ON "rectifications" USING btree ("department_id","created_at");--> statement-breakpoint
CREATE INDEX "ticket_events_feed_idx" ON "ticket_events" USING btree ("tx_id","id");--> statement-breakpoint
CREATE INDEX "tickets_lead_department_created_idx" ON "tickets" USING btree ("lead_department_id","created_at");--> statement-breakpoint
CREATE INDEX "tickets_updated_at_idx" ON "tickets" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "tickets_replied_at_idx" ON "tickets" USING btree ("replied_at") WHERE "tickets"."state" = 'replied';