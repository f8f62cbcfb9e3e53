-- Doctor photos and verification documents (issue 16). The files live in the storage port
-- (DATA_DIR/uploads or an S3 bucket); the database keeps what points at them.
-- photo_hash: the first 16 hex digits of the SHA-256 of the uploaded image, part of every
-- photo URL (so a URL's bytes never change and can be cached forever); null: no photo.
ALTER TABLE "doctors" ADD COLUMN "photo_hash" text;--> statement-breakpoint
ALTER TABLE "doctors" ADD CONSTRAINT "doctors_photo_hash_check" CHECK ("photo_hash" IS NULL OR "photo_hash" ~ '^[0-9a-f]{16}$');--> statement-breakpoint
CREATE TYPE "doctor_document_kind" AS ENUM ('licence', 'board_certificate', 'other');--> statement-breakpoint
-- A verification document, encrypted (AES-256-GCM under the PHI key ring, key id kept here)
-- before it reaches storage; the doctor and admins read it through the API only.
CREATE TABLE "doctor_documents" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "doctor_id" uuid NOT NULL REFERENCES "doctors"("id") ON DELETE CASCADE,
  "kind" "doctor_document_kind" NOT NULL,
  "file_name" text NOT NULL CHECK (char_length("file_name") BETWEEN 1 AND 200),
  "content_type" text NOT NULL CHECK ("content_type" IN ('application/pdf', 'image/jpeg', 'image/png')),
  "size_bytes" integer NOT NULL CHECK ("size_bytes" BETWEEN 1 AND 10485760),
  "storage_key" text NOT NULL UNIQUE,
  "key_id" text NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE INDEX "doctor_documents_doctor_idx" ON "doctor_documents" ("doctor_id", "created_at", "id");
