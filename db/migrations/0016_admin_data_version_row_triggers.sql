-- The triggers of 0012 were per statement, so a statement that changed nothing bumped the version
-- too: an INSERT … ON CONFLICT DO NOTHING into settings (once on every rating link signed) told
-- every process that its administrator data had changed and made it read all of it again. Per
-- row, only rows actually written count; TRUNCATE has no rows and stays per statement. A bulk
-- change (a year's holidays) now bumps once per row, in its own transaction, which readers see as
-- one change.
DROP TRIGGER "calendar_days_bump_admin_data_version" ON "calendar_days";
--> statement-breakpoint
CREATE TRIGGER "calendar_days_bump_admin_data_version" AFTER INSERT OR UPDATE OR DELETE ON "calendar_days" FOR EACH ROW EXECUTE FUNCTION "bump_admin_data_version"();
--> statement-breakpoint
CREATE TRIGGER "calendar_days_truncate_bumps_admin_data_version" AFTER TRUNCATE ON "calendar_days" FOR EACH STATEMENT EXECUTE FUNCTION "bump_admin_data_version"();
--> statement-breakpoint
DROP TRIGGER "settings_bump_admin_data_version" ON "settings";
--> statement-breakpoint
CREATE TRIGGER "settings_bump_admin_data_version" AFTER INSERT OR UPDATE OR DELETE ON "settings" FOR EACH ROW EXECUTE FUNCTION "bump_admin_data_version"();
--> statement-breakpoint
CREATE TRIGGER "settings_truncate_bumps_admin_data_version" AFTER TRUNCATE ON "settings" FOR EACH STATEMENT EXECUTE FUNCTION "bump_admin_data_version"();
--> statement-breakpoint
DROP TRIGGER "time_limit_rules_bump_admin_data_version" ON "time_limit_rules";
--> statement-breakpoint
CREATE TRIGGER "time_limit_rules_bump_admin_data_version" AFTER INSERT OR UPDATE OR DELETE ON "time_limit_rules" FOR EACH ROW EXECUTE FUNCTION "bump_admin_data_version"();
--> statement-breakpoint
CREATE TRIGGER "time_limit_rules_truncate_bumps_admin_data_version" AFTER TRUNCATE ON "time_limit_rules" FOR EACH STATEMENT EXECUTE FUNCTION "bump_admin_data_version"();
--> statement-breakpoint
DROP TRIGGER "supervision_levels_bump_admin_data_version" ON "supervision_levels";
--> statement-breakpoint
CREATE TRIGGER "supervision_levels_bump_admin_data_version" AFTER INSERT OR UPDATE OR DELETE ON "supervision_levels" FOR EACH ROW EXECUTE FUNCTION "bump_admin_data_version"();
--> statement-breakpoint
CREATE TRIGGER "supervision_levels_truncate_bumps_admin_data_version" AFTER TRUNCATE ON "supervision_levels" FOR EACH STATEMENT EXECUTE FUNCTION "bump_admin_data_version"();
--> statement-breakpoint
DROP TRIGGER "categories_bump_admin_data_version" ON "categories";
--> statement-breakpoint
CREATE TRIGGER "categories_bump_admin_data_version" AFTER INSERT OR UPDATE OR DELETE ON "categories" FOR EACH ROW EXECUTE FUNCTION "bump_admin_data_version"();
--> statement-breakpoint
CREATE TRIGGER "categories_truncate_bumps_admin_data_version" AFTER TRUNCATE ON "categories" FOR EACH STATEMENT EXECUTE FUNCTION "bump_admin_data_version"();
