DROP INDEX "articles_search_vector_idx";--> statement-breakpoint
DROP INDEX "articles_search_title_trgm_idx";--> statement-breakpoint
DROP INDEX "synonym_groups_terms_idx";--> statement-breakpoint
CREATE INDEX "articles_search_vector_idx" ON "articles" USING gin ("search_vector") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "articles_search_title_trgm_idx" ON "articles" USING gin ("search_title" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "synonym_groups_terms_idx" ON "synonym_groups" USING gin ("terms") WITH (fastupdate=false);