CREATE TABLE "doctor_locations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"doctor_id" uuid NOT NULL,
	"position" smallint DEFAULT 0 NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"city" text NOT NULL,
	"country" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "doctor_qualifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"doctor_id" uuid NOT NULL,
	"position" smallint DEFAULT 0 NOT NULL,
	"degree" text NOT NULL,
	"institution" text NOT NULL,
	"year" smallint NOT NULL,
	CONSTRAINT "doctor_qualifications_year_check" CHECK ("doctor_qualifications"."year" between 1900 and 2200)
);
--> statement-breakpoint
CREATE TABLE "doctor_specialties" (
	"doctor_id" uuid NOT NULL,
	"specialty_code" text NOT NULL,
	"position" smallint DEFAULT 0 NOT NULL,
	CONSTRAINT "doctor_specialties_pkey" PRIMARY KEY("doctor_id","specialty_code")
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"appointment_id" uuid,
	"doctor_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"rating" smallint NOT NULL,
	"comment" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reviews_appointment_id_unique" UNIQUE("appointment_id"),
	CONSTRAINT "reviews_rating_check" CHECK ("reviews"."rating" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "doctors" ADD COLUMN "bio" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "doctors" ADD COLUMN "license_number" text;--> statement-breakpoint
ALTER TABLE "doctors" ADD COLUMN "years_of_experience" smallint;--> statement-breakpoint
ALTER TABLE "doctors" ADD COLUMN "fee_amount" integer;--> statement-breakpoint
ALTER TABLE "doctors" ADD COLUMN "fee_currency" text;--> statement-breakpoint
ALTER TABLE "doctors" ADD COLUMN "consultation_modes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "doctors" ADD COLUMN "languages" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "doctors" ADD COLUMN "verification_note" text;--> statement-breakpoint
ALTER TABLE "doctors" ADD COLUMN "verified_by" uuid;--> statement-breakpoint
ALTER TABLE "doctors" ADD COLUMN "verified_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "doctors" ADD COLUMN "rating_average" numeric(3, 2) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "doctors" ADD COLUMN "rating_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "doctors" ADD COLUMN "next_available_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "doctors" ADD COLUMN "name_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "doctors" ADD COLUMN "search_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "doctors" ADD COLUMN "search_document" "tsvector" DEFAULT ''::tsvector NOT NULL;--> statement-breakpoint
ALTER TABLE "doctor_locations" ADD CONSTRAINT "doctor_locations_doctor_id_doctors_id_fk" FOREIGN KEY ("doctor_id") REFERENCES "public"."doctors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doctor_qualifications" ADD CONSTRAINT "doctor_qualifications_doctor_id_doctors_id_fk" FOREIGN KEY ("doctor_id") REFERENCES "public"."doctors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doctor_specialties" ADD CONSTRAINT "doctor_specialties_doctor_id_doctors_id_fk" FOREIGN KEY ("doctor_id") REFERENCES "public"."doctors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "doctor_specialties" ADD CONSTRAINT "doctor_specialties_specialty_code_specialties_code_fk" FOREIGN KEY ("specialty_code") REFERENCES "public"."specialties"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_doctor_id_doctors_id_fk" FOREIGN KEY ("doctor_id") REFERENCES "public"."doctors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_patient_id_users_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "doctor_locations_doctor_idx" ON "doctor_locations" USING btree ("doctor_id","position");--> statement-breakpoint
CREATE INDEX "doctor_locations_city_idx" ON "doctor_locations" USING btree (lower("city"),"doctor_id");--> statement-breakpoint
CREATE INDEX "doctor_qualifications_doctor_idx" ON "doctor_qualifications" USING btree ("doctor_id","position");--> statement-breakpoint
CREATE INDEX "doctor_specialties_code_idx" ON "doctor_specialties" USING btree ("specialty_code","doctor_id");--> statement-breakpoint
CREATE INDEX "reviews_doctor_created_idx" ON "reviews" USING btree ("doctor_id","created_at","id");--> statement-breakpoint
ALTER TABLE "doctors" ADD CONSTRAINT "doctors_verified_by_users_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "doctors_status_created_idx" ON "doctors" USING btree ("verification_status","created_at","id");--> statement-breakpoint
CREATE INDEX "doctors_search_document_idx" ON "doctors" USING gin ("search_document");--> statement-breakpoint
CREATE INDEX "doctors_name_trgm_idx" ON "doctors" USING gin ("name_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "doctors_search_text_trgm_idx" ON "doctors" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "doctors_languages_idx" ON "doctors" USING gin ("languages");--> statement-breakpoint
CREATE INDEX "doctors_modes_idx" ON "doctors" USING gin ("consultation_modes");--> statement-breakpoint
ALTER TABLE "doctors" ADD CONSTRAINT "doctors_fee_check" CHECK (("doctors"."fee_amount" is null) = ("doctors"."fee_currency" is null) and ("doctors"."fee_amount" is null or "doctors"."fee_amount" between 0 and 10000000));--> statement-breakpoint
ALTER TABLE "doctors" ADD CONSTRAINT "doctors_fee_currency_check" CHECK ("doctors"."fee_currency" is null or "doctors"."fee_currency" ~ '^[A-Z]{3}$');--> statement-breakpoint
ALTER TABLE "doctors" ADD CONSTRAINT "doctors_years_of_experience_check" CHECK ("doctors"."years_of_experience" is null or "doctors"."years_of_experience" between 0 and 80);--> statement-breakpoint
ALTER TABLE "doctors" ADD CONSTRAINT "doctors_consultation_modes_check" CHECK ("doctors"."consultation_modes" <@ array['in_person', 'video']::text[]);--> statement-breakpoint
ALTER TABLE "doctors" ADD CONSTRAINT "doctors_rating_check" CHECK ("doctors"."rating_average" between 0 and 5 and "doctors"."rating_count" >= 0);