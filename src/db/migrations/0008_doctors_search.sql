-- The search columns of doctors (name_text, search_text, search_document) are derived from
-- users.full_name, the doctor's specialty names and the bio. Triggers keep them in step in
-- the same transaction as any change to those sources, whoever makes it (the profile
-- endpoints, the seed script, a rename through PATCH /auth/me).
-- Weights: A = name, B = specialty names, C = bio. The 'simple' configuration does not stem,
-- so names are matched as written; prefix and trigram matching cover word variants and typos.
CREATE OR REPLACE FUNCTION doctors_refresh_search() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  v_name text;
  v_specialties text;
BEGIN
  SELECT full_name INTO v_name FROM users WHERE id = NEW.user_id;
  SELECT string_agg(s.name, ' ' ORDER BY ds.position, s.name) INTO v_specialties
    FROM doctor_specialties ds JOIN specialties s ON s.code = ds.specialty_code
   WHERE ds.doctor_id = NEW.id;
  v_name := coalesce(v_name, '');
  v_specialties := coalesce(v_specialties, '');
  NEW.name_text := lower(v_name);
  NEW.search_text := lower(v_specialties || ' ' || coalesce(NEW.bio, ''));
  NEW.search_document :=
       setweight(to_tsvector('simple', v_name), 'A')
    || setweight(to_tsvector('simple', v_specialties), 'B')
    || setweight(to_tsvector('simple', coalesce(NEW.bio, '')), 'C');
  RETURN NEW;
END;
$$;--> statement-breakpoint
-- Listing name_text lets the other triggers ask for a refresh with `SET name_text = name_text`.
CREATE TRIGGER doctors_search_refresh
  BEFORE INSERT OR UPDATE OF bio, user_id, name_text ON doctors
  FOR EACH ROW EXECUTE FUNCTION doctors_refresh_search();--> statement-breakpoint
-- Specialty changes refresh each affected doctor once per statement (bulk inserts stay cheap).
CREATE OR REPLACE FUNCTION doctor_specialties_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE doctors SET name_text = name_text WHERE id IN (SELECT DISTINCT doctor_id FROM new_rows);
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION doctor_specialties_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE doctors SET name_text = name_text WHERE id IN (SELECT DISTINCT doctor_id FROM old_rows);
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER doctor_specialties_after_insert
  AFTER INSERT ON doctor_specialties REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION doctor_specialties_inserted();--> statement-breakpoint
CREATE TRIGGER doctor_specialties_after_delete
  AFTER DELETE ON doctor_specialties REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION doctor_specialties_deleted();--> statement-breakpoint
CREATE OR REPLACE FUNCTION users_full_name_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.full_name IS DISTINCT FROM OLD.full_name THEN
    UPDATE doctors SET name_text = name_text WHERE user_id = NEW.id;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER users_full_name_search
  AFTER UPDATE OF full_name ON users
  FOR EACH ROW EXECUTE FUNCTION users_full_name_changed();--> statement-breakpoint
-- Doctors created before this migration get their search columns now.
UPDATE doctors SET name_text = name_text;--> statement-breakpoint
-- Keyset pagination of the public directory (verified doctors only), one index per sort.
-- Nulls sort last through coalesce, so the key is never null and (key, id) is total.
CREATE INDEX doctors_verified_rating_idx ON doctors (rating_average DESC, rating_count DESC, id)
  WHERE verification_status = 'verified';--> statement-breakpoint
CREATE INDEX doctors_verified_fee_idx ON doctors ((coalesce(fee_amount, 2147483647)), id)
  WHERE verification_status = 'verified';--> statement-breakpoint
CREATE INDEX doctors_verified_next_available_idx ON doctors ((coalesce(next_available_at, 'infinity'::timestamptz)), id)
  WHERE verification_status = 'verified';
