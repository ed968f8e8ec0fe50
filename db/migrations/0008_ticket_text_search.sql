-- Staff ticket search (domain/tickets/queries.ts listTickets: number, title, description or
-- address ILIKE '%…%', scoped by ticketVisibility). Trigram GIN indexes let those matches use an
-- index (a BitmapOr of the four) instead of reading every ticket. pg_trgm hashes non-ASCII
-- trigrams, so this works for Chinese text on PGlite and PostgreSQL alike; a query shorter than
-- three characters has no trigram and is answered by a scan, as before.
-- Hand-written (drizzle-kit --custom): the indexes are not in db/schema/tickets.ts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "tickets_number_trgm_idx" ON "tickets" USING gin ("number" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "tickets_title_trgm_idx" ON "tickets" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "tickets_description_trgm_idx" ON "tickets" USING gin ("description" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "tickets_address_trgm_idx" ON "tickets" USING gin ("address" gin_trgm_ops);
