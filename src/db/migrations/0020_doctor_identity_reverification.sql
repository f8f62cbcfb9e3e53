-- A verified doctor whose identity changes must not stay verified: the admin's decision was
-- about the old name, licence number or qualifications. changed_since_decision lists which of
-- them changed since the last decision (the doctor's own view shows it as the reason the
-- profile is pending again); the next decision empties it.
ALTER TABLE "doctors" ADD COLUMN "changed_since_decision" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "doctors" ADD CONSTRAINT "doctors_changed_since_decision_check" CHECK ("doctors"."changed_since_decision" <@ array['fullName', 'licenseNumber', 'qualifications']::text[]);--> statement-breakpoint
-- The one rule, called by the profile repository (licence, qualifications) and by the trigger
-- below (name): a decided (verified or rejected) profile goes back to pending and records the
-- field; one already sent back records it too; a never-decided pending profile is left alone.
-- Runs inside the caller's transaction, on the row it has locked, so no reader or admin
-- decision can see the new identity with the old verdict.
CREATE OR REPLACE FUNCTION doctor_identity_changed(p_doctor_id uuid, p_field text) RETURNS void
LANGUAGE sql AS $$
  UPDATE doctors
     SET verification_status = 'pending',
         verified_at = NULL,
         verified_by = NULL,
         changed_since_decision = CASE WHEN p_field = ANY (changed_since_decision) THEN changed_since_decision
                                       ELSE changed_since_decision || p_field END,
         updated_at = now()
   WHERE id = p_doctor_id
     AND (verification_status <> 'pending' OR cardinality(changed_since_decision) > 0);
$$;--> statement-breakpoint
-- The name lives in users.full_name and can change through PATCH /auth/me (or any other
-- writer): the trigger that already refreshes the search columns also applies the rule, in
-- the same transaction as the rename.
CREATE OR REPLACE FUNCTION users_full_name_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  v_doctor_id uuid;
BEGIN
  IF NEW.full_name IS DISTINCT FROM OLD.full_name THEN
    UPDATE doctors SET name_text = name_text WHERE user_id = NEW.id RETURNING id INTO v_doctor_id;
    IF v_doctor_id IS NOT NULL THEN
      PERFORM doctor_identity_changed(v_doctor_id, 'fullName');
    END IF;
  END IF;
  RETURN NULL;
END;
$$;
