-- A caller's X-Request-Id is kept in its own column: `request_id` is always the server's own id
-- of the request, so a caller can neither choose nor collide with the id that ties a row to logs.
ALTER TABLE "audit_events" ADD COLUMN "client_request_id" text;
