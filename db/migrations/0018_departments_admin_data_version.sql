-- Departments join the administrators' data that processes cache (0012, 0016): the pick lists and
-- names of every staff page read them once per process and again only after a change. Only the
-- department admin pages and the seed write this table.
CREATE TRIGGER "departments_bump_admin_data_version" AFTER INSERT OR UPDATE OR DELETE ON "departments" FOR EACH ROW EXECUTE FUNCTION "bump_admin_data_version"();
--> statement-breakpoint
CREATE TRIGGER "departments_truncate_bumps_admin_data_version" AFTER TRUNCATE ON "departments" FOR EACH STATEMENT EXECUTE FUNCTION "bump_admin_data_version"();
