-- Practice locations become first-class (issue 16): postal code, coordinates, phone and
-- accessibility notes on the rows doctors already have. Existing locations keep their ids, name,
-- address, city and country; they have no coordinates until the doctor sends them (geocoding is
-- the client's job), and a location without coordinates is never "near" anything.
-- cube + earthdistance (trusted extensions since PostgreSQL 13, also in PGlite's contrib) give
-- great-circle distances and a GiST index over points on the earth's surface.
CREATE EXTENSION IF NOT EXISTS cube;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS earthdistance;--> statement-breakpoint
ALTER TABLE "doctor_locations" ADD COLUMN "postal_code" text;--> statement-breakpoint
ALTER TABLE "doctor_locations" ADD COLUMN "latitude" double precision;--> statement-breakpoint
ALTER TABLE "doctor_locations" ADD COLUMN "longitude" double precision;--> statement-breakpoint
ALTER TABLE "doctor_locations" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "doctor_locations" ADD COLUMN "accessibility_notes" text;--> statement-breakpoint
ALTER TABLE "doctor_locations" ADD CONSTRAINT "doctor_locations_coordinates_check" CHECK (
  ("latitude" IS NULL) = ("longitude" IS NULL)
  AND ("latitude" IS NULL OR ("latitude" BETWEEN -90 AND 90 AND "longitude" BETWEEN -180 AND 180)));--> statement-breakpoint
-- The point on the earth, stored: computing ll_to_earth per row was most of a near-me query's time.
ALTER TABLE "doctor_locations" ADD COLUMN "earth_point" earth GENERATED ALWAYS AS (ll_to_earth("latitude", "longitude")) STORED;--> statement-breakpoint
CREATE INDEX "doctor_locations_earth_idx" ON "doctor_locations" USING gist ("earth_point") WHERE "earth_point" IS NOT NULL;--> statement-breakpoint
-- Locations now keep their ids across profile changes, so they are updated in place: a changed
-- city refreshes the doctor's filter copy (doctors.cities) as inserts and deletes already do (0014).
CREATE TRIGGER doctor_locations_after_update
  AFTER UPDATE ON doctor_locations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION doctor_specialties_inserted();--> statement-breakpoint
-- The catalogue of insurance plans (payer + plan), managed by admins; doctors name the plans
-- they accept. A plan's removal removes it from every doctor (cascade).
CREATE TABLE "insurance_plans" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "payer" text NOT NULL,
  "plan" text NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX "insurance_plans_payer_plan_unique" ON "insurance_plans" (lower("payer"), lower("plan"));--> statement-breakpoint
CREATE TABLE "doctor_insurance_plans" (
  "doctor_id" uuid NOT NULL REFERENCES "doctors"("id") ON DELETE cascade,
  "plan_id" uuid NOT NULL REFERENCES "insurance_plans"("id") ON DELETE cascade,
  "position" smallint DEFAULT 0 NOT NULL,
  CONSTRAINT "doctor_insurance_plans_pkey" PRIMARY KEY ("doctor_id", "plan_id")
);--> statement-breakpoint
CREATE INDEX "doctor_insurance_plans_plan_idx" ON "doctor_insurance_plans" ("plan_id", "doctor_id");--> statement-breakpoint
-- A realistic starting sample across the seeded cities' markets; admins add, rename and remove.
INSERT INTO "insurance_plans" ("payer", "plan") VALUES
  ('Aetna', 'Open Access Managed Choice'),
  ('Aetna', 'HMO'),
  ('Blue Cross Blue Shield', 'PPO'),
  ('Blue Cross Blue Shield', 'Blue Advantage HMO'),
  ('Cigna', 'Open Access Plus'),
  ('Cigna', 'Global Health Benefits'),
  ('UnitedHealthcare', 'Choice Plus'),
  ('UnitedHealthcare', 'Medicare Advantage'),
  ('Medicare', 'Part B'),
  ('Medicaid', 'Managed Care'),
  ('Bupa', 'Global Health Plan'),
  ('Bupa', 'By You'),
  ('AXA', 'Health Essentials'),
  ('Allianz Care', 'International Health Plan'),
  ('Vitality', 'Personal Health Insurance'),
  ('Techniker Krankenkasse', 'Gesetzliche Krankenversicherung'),
  ('AOK', 'Gesetzliche Krankenversicherung'),
  ('Debeka', 'Private Krankenversicherung'),
  ('Assurance Maladie', 'Régime général'),
  ('Sanitas', 'Más Salud'),
  ('Adeslas', 'Plena'),
  ('NHIF', 'National Scheme'),
  ('Jubilee Health', 'J-Care'),
  ('AAR Insurance', 'Family Health'),
  ('NHIS', 'Formal Sector Programme'),
  ('Hygeia HMO', 'Hyprime'),
  ('Discovery Health', 'Classic Comprehensive'),
  ('Discovery Health', 'Essential Smart'),
  ('Daman', 'Enhanced'),
  ('Star Health', 'Family Health Optima'),
  ('Ayushman Bharat', 'PM-JAY'),
  ('Great Eastern', 'GREAT SupremeHealth'),
  ('Sun Life', 'Personal Health Insurance'),
  ('Amil', 'Amil One'),
  ('GNP Seguros', 'Línea Azul');
