CREATE TABLE "dispatch_models" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dispatch_models_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"trained_at" timestamp with time zone NOT NULL,
	"example_count" integer NOT NULL,
	"label_count" integer NOT NULL,
	"training_millis" integer NOT NULL,
	"model" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispatch_suggestion_log" (
	"ticket_id" bigint PRIMARY KEY NOT NULL,
	"model_id" integer NOT NULL,
	"suggestions" jsonb NOT NULL,
	"top_score" real NOT NULL,
	"shown_at" timestamp with time zone NOT NULL,
	"dispatched_department_id" integer,
	"accepted" boolean,
	"decided_at" timestamp with time zone,
	"decided_by" text
);
--> statement-breakpoint
ALTER TABLE "dispatch_suggestion_log" ADD CONSTRAINT "dispatch_suggestion_log_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatch_suggestion_log" ADD CONSTRAINT "dispatch_suggestion_log_dispatched_department_id_departments_id_fk" FOREIGN KEY ("dispatched_department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dispatch_suggestion_log_decided_idx" ON "dispatch_suggestion_log" USING btree ("decided_at");