-- Stored booking responses repeat the visit reason: they become encrypted text like the other
-- PHI columns. Existing rows keep their JSON as plain text, which still reads (and expires in 24 h).
ALTER TABLE "idempotency_keys" ALTER COLUMN "response_body" SET DATA TYPE text USING "response_body"::text;
