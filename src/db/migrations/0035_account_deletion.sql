-- Patients' rights (issue 18): DELETE /api/v1/me. The users row stays (appointments, reviews and
-- the audit trail point at it) but is pseudonymised; `deleted_at` marks it. The appointments of a
-- deleted account are kept for the other party's records until `retain_until`
-- (deletion + RECORD_RETENTION_YEARS).
ALTER TABLE "users" ADD COLUMN "deleted_at" timestamp(3) with time zone;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "retain_until" timestamp(3) with time zone;--> statement-breakpoint
CREATE INDEX "appointments_retain_until_idx" ON "appointments" ("retain_until") WHERE "retain_until" IS NOT NULL;
