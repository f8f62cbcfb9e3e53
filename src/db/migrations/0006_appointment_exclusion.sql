-- The no-double-booking guarantee lives here, in the database, not in a check before the
-- insert: two confirmed appointments of one doctor may not overlap (the doctor's range
-- includes the buffer after the visit), and two confirmed appointments of one patient may
-- not overlap. Cancelled, completed and no-show rows do not hold time. The constraint names
-- are mapped to 409 SLOT_TAKEN / PATIENT_CONFLICT in src/common/errors/database-errors.ts.
-- Their GiST indexes (btree_gist supplies the uuid equality) also serve the slot engine's
-- look-up "confirmed appointments of doctor X overlapping [from, to)".
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_doctor_no_overlap"
  EXCLUDE USING gist ("doctor_id" WITH =, "doctor_period" WITH &&) WHERE ("status" = 'confirmed');--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_patient_no_overlap"
  EXCLUDE USING gist ("patient_id" WITH =, "period" WITH &&) WHERE ("status" = 'confirmed');
