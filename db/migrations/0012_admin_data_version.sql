CREATE TABLE "admin_data_version" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "admin_data_version" ADD CONSTRAINT "admin_data_version_one_row" CHECK ("id");--> statement-breakpoint
INSERT INTO "admin_data_version" ("id", "version") VALUES (true, 0);--> statement-breakpoint
-- Statement-level, so a bulk change (a year's holidays) bumps once; runs in the writer's
-- transaction, so readers see the new version exactly when they can see the new data.
CREATE FUNCTION "bump_admin_data_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "admin_data_version" SET "version" = "version" + 1;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "calendar_days_bump_admin_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "calendar_days" FOR EACH STATEMENT EXECUTE FUNCTION "bump_admin_data_version"();--> statement-breakpoint
CREATE TRIGGER "settings_bump_admin_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "settings" FOR EACH STATEMENT EXECUTE FUNCTION "bump_admin_data_version"();--> statement-breakpoint
CREATE TRIGGER "time_limit_rules_bump_admin_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "time_limit_rules" FOR EACH STATEMENT EXECUTE FUNCTION "bump_admin_data_version"();--> statement-breakpoint
CREATE TRIGGER "supervision_levels_bump_admin_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "supervision_levels" FOR EACH STATEMENT EXECUTE FUNCTION "bump_admin_data_version"();--> statement-breakpoint
CREATE TRIGGER "categories_bump_admin_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "categories" FOR EACH STATEMENT EXECUTE FUNCTION "bump_admin_data_version"();
