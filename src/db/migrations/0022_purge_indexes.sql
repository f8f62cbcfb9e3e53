-- The purges (periodic tasks) find their rows by when they stopped mattering, every few
-- minutes on every instance: by index, not by scanning tables that only grew until now.
-- A session family ended at the earlier of its revocation and its expiry (least() skips a null).
CREATE INDEX "session_families_ended_idx" ON "session_families" USING btree (least("revoked_at", "expires_at"));--> statement-breakpoint
-- Delivered notifications, by when they were sent (pending ones have their own index).
CREATE INDEX "outbox_sent_idx" ON "outbox" USING btree ("sent_at") WHERE "sent_at" IS NOT NULL;
