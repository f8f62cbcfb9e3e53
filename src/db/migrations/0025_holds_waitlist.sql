-- Holds (issue 13): a patient's short claim on one slot, and the waitlist whose offers are holds.
--
-- A hold lives over [created_at, expires_at) ("lifetime"). Two holds of one doctor conflict
-- only when their times AND their lifetimes overlap, so an expired hold is invisible to the
-- exclusion constraint with no sweeper: a new hold's lifetime starts after the old one ended.
-- Ending a hold early (booked, released, replaced, declined) moves expires_at to now().
CREATE TABLE "waitlist_entries" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "patient_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
  "doctor_id" uuid NOT NULL REFERENCES "doctors"("id") ON DELETE CASCADE,
  "appointment_type_id" uuid NOT NULL REFERENCES "appointment_types"("id") ON DELETE CASCADE,
  "from_at" timestamptz NOT NULL,
  "to_at" timestamptz NOT NULL,
  "times" jsonb DEFAULT '[]'::jsonb NOT NULL,
  "created_at" timestamptz DEFAULT now() NOT NULL,
  "ended_at" timestamptz,
  CONSTRAINT "waitlist_entries_range_check" CHECK ("from_at" < "to_at")
);--> statement-breakpoint
-- Open entries of a doctor, oldest first (the offer order), and a patient's own.
CREATE INDEX "waitlist_entries_doctor_open_idx" ON "waitlist_entries" USING btree ("doctor_id", "created_at", "id") WHERE "ended_at" IS NULL;--> statement-breakpoint
CREATE INDEX "waitlist_entries_patient_idx" ON "waitlist_entries" USING btree ("patient_id", "created_at");--> statement-breakpoint
CREATE TABLE "appointment_holds" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "doctor_id" uuid NOT NULL REFERENCES "doctors"("id") ON DELETE CASCADE,
  "patient_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
  "appointment_type_id" uuid NOT NULL REFERENCES "appointment_types"("id") ON DELETE CASCADE,
  "start_at" timestamptz NOT NULL,
  "end_at" timestamptz NOT NULL,
  "busy_until" timestamptz NOT NULL,
  "doctor_period" tstzrange GENERATED ALWAYS AS (tstzrange("start_at", "busy_until", '[)')) STORED,
  "created_at" timestamptz DEFAULT now() NOT NULL,
  "expires_at" timestamptz NOT NULL,
  "lifetime" tstzrange GENERATED ALWAYS AS (tstzrange("created_at", "expires_at", '[)')) STORED,
  -- Why it ended before expiring: booked, released, replaced, declined; 'expired' once the waitlist passed it on.
  "ended" text,
  -- Set when the hold is a waitlist offer.
  "waitlist_entry_id" uuid REFERENCES "waitlist_entries"("id") ON DELETE CASCADE,
  CONSTRAINT "appointment_holds_times_check" CHECK ("start_at" < "end_at" AND "end_at" <= "busy_until" AND "created_at" <= "expires_at"),
  CONSTRAINT "appointment_holds_ended_check" CHECK ("ended" IS NULL OR "ended" IN ('booked', 'released', 'replaced', 'declined', 'expired')),
  -- The slot guarantee between holds: one live hold per doctor's time.
  CONSTRAINT "appointment_holds_doctor_no_overlap" EXCLUDE USING gist ("doctor_id" WITH =, "doctor_period" WITH &&, "lifetime" WITH &&),
  -- At most one live hold of a patient's own (offers are the waitlist's, not counted).
  CONSTRAINT "appointment_holds_patient_one_live" EXCLUDE USING gist ("patient_id" WITH =, "lifetime" WITH &&) WHERE ("waitlist_entry_id" IS NULL),
  -- At most one live offer per waitlist entry: of instances offering at once, one wins.
  CONSTRAINT "appointment_holds_entry_one_live" EXCLUDE USING gist ("waitlist_entry_id" WITH =, "lifetime" WITH &&) WHERE ("waitlist_entry_id" IS NOT NULL),
  -- Each waitlist entry is offered each slot at most once.
  CONSTRAINT "appointment_holds_entry_slot_unique" UNIQUE ("waitlist_entry_id", "start_at")
);--> statement-breakpoint
CREATE INDEX "appointment_holds_patient_idx" ON "appointment_holds" USING btree ("patient_id", "expires_at");--> statement-breakpoint
-- Offers that ran out and have not been passed on yet (the waitlist task's look-up).
CREATE INDEX "appointment_holds_offer_expiry_idx" ON "appointment_holds" USING btree ("expires_at") WHERE "waitlist_entry_id" IS NOT NULL AND "ended" IS NULL;--> statement-breakpoint
-- Holds and appointments are two tables, so no one exclusion constraint can cover both. Both
-- triggers take the same per-doctor transaction lock before they look at the other table: of a
-- booking and a hold racing for one doctor, the second waits for the first to commit and then
-- sees it (a volatile function's query takes a fresh snapshot in READ COMMITTED).
CREATE FUNCTION "appointment_holds_respect_appointments"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(1301, hashtext(NEW.doctor_id::text));
  IF EXISTS (
    SELECT 1 FROM appointments a
    WHERE a.doctor_id = NEW.doctor_id AND a.status = 'confirmed'
      AND a.doctor_period && tstzrange(NEW.start_at, NEW.busy_until, '[)')
  ) THEN
    RAISE EXCEPTION 'the slot is booked' USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'appointment_holds_doctor_no_overlap';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "appointment_holds_respect_appointments" BEFORE INSERT ON "appointment_holds"
  FOR EACH ROW EXECUTE FUNCTION "appointment_holds_respect_appointments"();--> statement-breakpoint
-- A confirmed appointment (new, moved, or confirmed again) may not take time another patient
-- holds while the hold lives; the holder's own booking passes.
CREATE FUNCTION "appointments_respect_holds"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status <> 'confirmed' THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'confirmed' AND OLD.start_at = NEW.start_at AND OLD.busy_until = NEW.busy_until THEN
    RETURN NEW;
  END IF;
  PERFORM pg_advisory_xact_lock(1301, hashtext(NEW.doctor_id::text));
  IF EXISTS (
    SELECT 1 FROM appointment_holds h
    WHERE h.doctor_id = NEW.doctor_id AND h.patient_id <> NEW.patient_id AND h.expires_at > now()
      AND h.doctor_period && tstzrange(NEW.start_at, NEW.busy_until, '[)')
  ) THEN
    RAISE EXCEPTION 'the slot is held' USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'appointments_respect_holds';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "appointments_respect_holds" BEFORE INSERT OR UPDATE OF "start_at", "busy_until", "status" ON "appointments"
  FOR EACH ROW EXECUTE FUNCTION "appointments_respect_holds"();
