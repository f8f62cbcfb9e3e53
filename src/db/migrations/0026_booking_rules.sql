-- Issue 13 (follow-up series, audience, intake, video visits, no-show suspensions).
-- Who may book a type: anyone, only patients new to the doctor, or only returning ones.
CREATE TYPE "appointment_audience" AS ENUM ('any', 'new', 'returning');--> statement-breakpoint
ALTER TABLE "appointment_types" ADD COLUMN "audience" "appointment_audience" DEFAULT 'any' NOT NULL;--> statement-breakpoint
-- Up to 20 questions a booking answers ({id, text, kind, required, options?}); not health data.
ALTER TABLE "appointment_types" ADD COLUMN "intake_questions" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
-- The answers are health data: encrypted JSON, like the visit reason.
ALTER TABLE "appointments" ADD COLUMN "intake_answers" text;--> statement-breakpoint
-- The meeting link of a video visit: a bearer secret, encrypted at rest.
ALTER TABLE "appointments" ADD COLUMN "video_url" text;--> statement-breakpoint
-- Occurrences of one follow-up series share an id.
ALTER TABLE "appointments" ADD COLUMN "series_id" uuid;--> statement-breakpoint
CREATE INDEX "appointments_series_idx" ON "appointments" ("series_id", "start_at") WHERE "series_id" IS NOT NULL;--> statement-breakpoint
-- Served by the returning-patient check and the no-show count.
CREATE INDEX "appointments_patient_status_idx" ON "appointments" ("patient_id", "status", "start_at") WHERE "status" IN ('completed', 'no_show');--> statement-breakpoint

-- A patient who missed NO_SHOW_LIMIT visits may not book online until ends_at, unless lifted.
CREATE TABLE "booking_suspensions" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "patient_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
  "starts_at" timestamp with time zone NOT NULL,
  "ends_at" timestamp with time zone NOT NULL,
  "lifted_at" timestamp with time zone,
  "lifted_by" uuid REFERENCES "users"("id") ON DELETE SET NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "booking_suspensions_times_check" CHECK ("starts_at" < "ends_at")
);--> statement-breakpoint
CREATE INDEX "booking_suspensions_patient_idx" ON "booking_suspensions" ("patient_id", "ends_at");
