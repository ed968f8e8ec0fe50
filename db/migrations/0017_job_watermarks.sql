-- The statistics roll-up kept its watermark in settings, and every settings write bumps the
-- administrator-data version (0012, 0016): every five minutes all processes re-read their cached
-- rules for nothing. Job state gets its own table, with no trigger; the old row moves over.
CREATE TABLE "job_watermarks" (
	"job" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
INSERT INTO "job_watermarks" ("job", "at") SELECT 'stats.rollup', ("value"->>'at')::timestamptz FROM "settings" WHERE "key" = 'stats.rollup_watermark';
--> statement-breakpoint
DELETE FROM "settings" WHERE "key" = 'stats.rollup_watermark';
