-- Second factor (TOTP, RFC 6238). The secret is AES-256-GCM ciphertext bound to
-- (user_mfa, secret, user_id), like every encrypted column. `confirmed_at` is null while an
-- enrolment waits for its first code; `last_step` is the newest 30-second step accepted, so a
-- code (or an older one) is never accepted twice.
CREATE TABLE "user_mfa" (
	"user_id" uuid PRIMARY KEY NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"secret" text NOT NULL,
	"confirmed_at" timestamp (3) with time zone,
	"last_step" bigint,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- One-time recovery codes, only as HMAC-SHA256 digests.
CREATE TABLE "mfa_recovery_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"used_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE INDEX "mfa_recovery_codes_user_id_idx" ON "mfa_recovery_codes" ("user_id");
--> statement-breakpoint
-- The second step of a sign-in: a password that checked out, waiting for a code. Only the
-- SHA-256 of the challenge token is stored.
CREATE TABLE "mfa_challenges" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"used_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE INDEX "mfa_challenges_user_id_idx" ON "mfa_challenges" ("user_id");
--> statement-breakpoint
-- Whether the session was opened with a second factor; kept through every refresh.
ALTER TABLE "session_families" ADD COLUMN "mfa" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
-- Emergency access: an admin's time-limited grant to one patient's records, with the reason.
CREATE TABLE "break_glass_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"admin_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"patient_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"reason" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "break_glass_grants_admin_patient_idx" ON "break_glass_grants" ("admin_id", "patient_id", "expires_at");
--> statement-breakpoint
CREATE INDEX "break_glass_grants_created_at_idx" ON "break_glass_grants" ("created_at");
--> statement-breakpoint
-- The patient's access log reads the audit trail by the record touched (their appointments, their own record).
CREATE INDEX "audit_events_resource_at_idx" ON "audit_events" ("resource_type", "resource_id", "at");
