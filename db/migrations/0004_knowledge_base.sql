-- pg_trgm: trigram similarity for short and partial search queries (PGlite loads it in db/client.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TYPE "public"."article_status" AS ENUM('draft', 'in_review', 'published', 'archived');--> statement-breakpoint
CREATE TYPE "public"."article_type" AS ENUM('service_guide', 'policy_qa', 'faq', 'notice');--> statement-breakpoint
CREATE TYPE "public"."article_visibility" AS ENUM('public', 'internal');--> statement-breakpoint
CREATE TABLE "article_versions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "article_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"article_id" integer NOT NULL,
	"version" integer NOT NULL,
	"type" "article_type" NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"guide" jsonb,
	"visibility" "article_visibility" NOT NULL,
	"status" "article_status" NOT NULL,
	"department_id" integer,
	"review_by" date,
	"action" text NOT NULL,
	"note" text,
	"actor_id" text,
	"actor_label" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "articles" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "articles_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"external_id" text,
	"type" "article_type" NOT NULL,
	"title" text NOT NULL,
	"title_derived" boolean DEFAULT false NOT NULL,
	"body" text NOT NULL,
	"guide" jsonb,
	"department_id" integer,
	"department_name" text,
	"visibility" "article_visibility" DEFAULT 'public' NOT NULL,
	"status" "article_status" DEFAULT 'draft' NOT NULL,
	"review_by" date,
	"version" integer DEFAULT 1 NOT NULL,
	"published_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"search_vector" "tsvector",
	"search_length" integer DEFAULT 0 NOT NULL,
	"search_title" text DEFAULT '' NOT NULL,
	CONSTRAINT "articles_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "search_term_stats" (
	"term" text PRIMARY KEY NOT NULL,
	"doc_count" integer NOT NULL,
	"total_length" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "synonym_groups" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "synonym_groups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"terms" text[] NOT NULL,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "article_versions" ADD CONSTRAINT "article_versions_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "articles" ADD CONSTRAINT "articles_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "articles" ADD CONSTRAINT "articles_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "article_versions_article_idx" ON "article_versions" USING btree ("article_id","id");--> statement-breakpoint
CREATE INDEX "articles_search_vector_idx" ON "articles" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "articles_search_title_trgm_idx" ON "articles" USING gin ("search_title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "articles_status_visibility_idx" ON "articles" USING btree ("status","visibility");--> statement-breakpoint
CREATE INDEX "articles_department_idx" ON "articles" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "articles_review_by_idx" ON "articles" USING btree ("review_by") WHERE "articles"."status" = 'published';--> statement-breakpoint
CREATE INDEX "synonym_groups_terms_idx" ON "synonym_groups" USING gin ("terms");