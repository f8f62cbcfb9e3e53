-- reviews (created by the doctors feature) belong to appointments: one review per
-- appointment is already unique (reviews_appointment_id_unique → 409 ALREADY_REVIEWED);
-- this ties each review to a real appointment. Kept out of the drizzle schema on purpose:
-- the doctors schema file must not import the scheduling one.
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_appointment_id_appointments_id_fk"
  FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE SET NULL;
