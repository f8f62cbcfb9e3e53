-- Extensions the schema relies on, available in PostgreSQL and in PGlite alike:
-- btree_gist for exclusion constraints over (doctor, time range), pg_trgm for typo-tolerant
-- search, citext for case-insensitive e-mail addresses. All three are trusted extensions,
-- so a database owner without superuser rights may create them.
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS citext;
