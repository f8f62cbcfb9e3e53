ALTER TABLE "doctors" ADD COLUMN "specialty_codes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "doctors" ADD COLUMN "cities" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "doctors_specialty_codes_idx" ON "doctors" USING gin ("specialty_codes");--> statement-breakpoint
CREATE INDEX "doctors_cities_idx" ON "doctors" USING gin ("cities");