-- Acceptance of the terms of use and privacy notice (TERMS_VERSION), one row per user and
-- version accepted. Least data: who, which version, when; the request's client context is in
-- the audit trail (`consent.accepted`), not here.
CREATE TABLE "consents" (
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"version" text NOT NULL,
	"accepted_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consents_pkey" PRIMARY KEY ("user_id", "version")
);
