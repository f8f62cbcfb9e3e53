-- Every instant is stored to the millisecond, as the schema (`instant`, timestamp(3)) says and as
-- JavaScript's Date carries it. The hand-written migrations 0025 to 0033 created these columns at
-- the default precision (microseconds): a value written by the database's now() then did not
-- survive a round trip through the app, and a keyset cursor holding it (the dead-letter list,
-- newest first by dead_at) skipped rows in the same millisecond as a page's last one. Values
-- are rounded to the millisecond; rounding keeps order, so no constraint can start to fail.
ALTER TABLE "outbox" ALTER COLUMN "dead_at" TYPE timestamp(3) with time zone;--> statement-breakpoint
ALTER TABLE "waitlist_entries"
  ALTER COLUMN "from_at" TYPE timestamp(3) with time zone,
  ALTER COLUMN "to_at" TYPE timestamp(3) with time zone,
  ALTER COLUMN "created_at" TYPE timestamp(3) with time zone,
  ALTER COLUMN "ended_at" TYPE timestamp(3) with time zone;--> statement-breakpoint
ALTER TABLE "booking_suspensions"
  ALTER COLUMN "starts_at" TYPE timestamp(3) with time zone,
  ALTER COLUMN "ends_at" TYPE timestamp(3) with time zone,
  ALTER COLUMN "lifted_at" TYPE timestamp(3) with time zone,
  ALTER COLUMN "created_at" TYPE timestamp(3) with time zone;--> statement-breakpoint
ALTER TABLE "notification_preferences" ALTER COLUMN "updated_at" TYPE timestamp(3) with time zone;--> statement-breakpoint
ALTER TABLE "calendar_tokens" ALTER COLUMN "created_at" TYPE timestamp(3) with time zone;--> statement-breakpoint
ALTER TABLE "insurance_plans"
  ALTER COLUMN "created_at" TYPE timestamp(3) with time zone,
  ALTER COLUMN "updated_at" TYPE timestamp(3) with time zone;--> statement-breakpoint
ALTER TABLE "doctor_documents" ALTER COLUMN "created_at" TYPE timestamp(3) with time zone;--> statement-breakpoint
-- A column a generated column reads cannot change type: the two ranges, and the exclusion
-- constraints over them, are dropped and made again exactly as 0025 made them.
ALTER TABLE "appointment_holds"
  DROP CONSTRAINT "appointment_holds_doctor_no_overlap",
  DROP CONSTRAINT "appointment_holds_patient_one_live",
  DROP CONSTRAINT "appointment_holds_entry_one_live",
  DROP COLUMN "doctor_period",
  DROP COLUMN "lifetime";--> statement-breakpoint
ALTER TABLE "appointment_holds"
  ALTER COLUMN "start_at" TYPE timestamp(3) with time zone,
  ALTER COLUMN "end_at" TYPE timestamp(3) with time zone,
  ALTER COLUMN "busy_until" TYPE timestamp(3) with time zone,
  ALTER COLUMN "created_at" TYPE timestamp(3) with time zone,
  ALTER COLUMN "expires_at" TYPE timestamp(3) with time zone;--> statement-breakpoint
ALTER TABLE "appointment_holds"
  ADD COLUMN "doctor_period" tstzrange GENERATED ALWAYS AS (tstzrange("start_at", "busy_until", '[)')) STORED,
  ADD COLUMN "lifetime" tstzrange GENERATED ALWAYS AS (tstzrange("created_at", "expires_at", '[)')) STORED;--> statement-breakpoint
ALTER TABLE "appointment_holds"
  ADD CONSTRAINT "appointment_holds_doctor_no_overlap" EXCLUDE USING gist ("doctor_id" WITH =, "doctor_period" WITH &&, "lifetime" WITH &&),
  ADD CONSTRAINT "appointment_holds_patient_one_live" EXCLUDE USING gist ("patient_id" WITH =, "lifetime" WITH &&) WHERE ("waitlist_entry_id" IS NULL),
  ADD CONSTRAINT "appointment_holds_entry_one_live" EXCLUDE USING gist ("waitlist_entry_id" WITH =, "lifetime" WITH &&) WHERE ("waitlist_entry_id" IS NOT NULL);
