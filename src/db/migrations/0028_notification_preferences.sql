-- Issue 14 (preferences, reminders, calendar, language, failures). Each change is additive:
-- a running release ignores the new columns and tables.

-- The language messages are written in, from Accept-Language at registration.
ALTER TABLE "users" ADD COLUMN "locale" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_locale_check" CHECK ("locale" in ('en', 'es'));--> statement-breakpoint

-- Per kind, the channels a user wants (a JSON object of channel-name arrays); quiet hours as
-- local 'HH:MM' times in the user's zone. No row: the defaults (see notification-preferences.ts).
CREATE TABLE "notification_preferences" (
  "user_id" uuid PRIMARY KEY NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
  "channels" jsonb NOT NULL,
  "quiet_start" text,
  "quiet_end" text,
  "quiet_time_zone" text,
  "quiet_otherwise" text DEFAULT 'wait' NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "notification_preferences_quiet_check" CHECK (
    ("quiet_start" is null) = ("quiet_end" is null) and ("quiet_start" is null) = ("quiet_time_zone" is null)),
  CONSTRAINT "notification_preferences_otherwise_check" CHECK ("quiet_otherwise" in ('wait', 'email'))
);--> statement-breakpoint

-- Reminder offsets before the visit, in minutes (default 24 h and 2 h).
ALTER TABLE "appointment_types" ADD COLUMN "reminder_offsets_minutes" integer[] DEFAULT '{1440,120}' NOT NULL;--> statement-breakpoint
ALTER TABLE "appointment_types" ADD CONSTRAINT "appointment_types_reminder_offsets_check"
  CHECK (cardinality("reminder_offsets_minutes") <= 5);--> statement-breakpoint

-- iCalendar SEQUENCE: rises with each change of the appointment (move, cancellation).
ALTER TABLE "appointments" ADD COLUMN "sequence" integer DEFAULT 0 NOT NULL;--> statement-breakpoint

-- One private calendar feed token per user, stored only as its SHA-256 digest.
CREATE TABLE "calendar_tokens" (
  "user_id" uuid PRIMARY KEY NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
  "token_hash" text NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "calendar_tokens_token_hash_unique" UNIQUE ("token_hash")
);--> statement-breakpoint

-- Dead letters: a message given up after NOTIFY_MAX_ATTEMPTS; an admin retry clears it.
ALTER TABLE "outbox" ADD COLUMN "dead_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "outbox_dead_idx" ON "outbox" ("dead_at", "id") WHERE "dead_at" is not null;
