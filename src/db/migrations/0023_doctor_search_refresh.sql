-- doctors.name_text and doctors.search_text are read by no query: the directory matches
-- search_document, and typo tolerance moved to the search_terms dictionary (0010–0012, which
-- also dropped their trigram indexes). The search trigger stops filling them, and the other
-- triggers ask for a refresh with `SET search_document = search_document` instead of
-- `SET name_text = name_text`. The columns themselves are dropped in a later release, once no running release
-- names them.
CREATE OR REPLACE FUNCTION doctors_refresh_search() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  v_name text;
  v_specialties text;
BEGIN
  SELECT full_name INTO v_name FROM users WHERE id = NEW.user_id;
  SELECT string_agg(s.name, ' ' ORDER BY ds.position, s.name), coalesce(array_agg(ds.specialty_code ORDER BY ds.position), '{}')
    INTO v_specialties, NEW.specialty_codes
    FROM doctor_specialties ds JOIN specialties s ON s.code = ds.specialty_code
   WHERE ds.doctor_id = NEW.id;
  NEW.cities := coalesce((SELECT array_agg(DISTINCT lower(l.city)) FROM doctor_locations l WHERE l.doctor_id = NEW.id), '{}');
  v_name := coalesce(v_name, '');
  v_specialties := coalesce(v_specialties, '');
  NEW.search_document :=
       setweight(to_tsvector('simple', v_name), 'A')
    || setweight(to_tsvector('simple', v_specialties), 'B')
    || setweight(to_tsvector('simple', coalesce(NEW.bio, '')), 'C');
  RETURN NEW;
END;
$$;--> statement-breakpoint
-- Listing search_document lets the other triggers ask for a refresh; nothing else writes it.
DROP TRIGGER doctors_search_refresh ON doctors;--> statement-breakpoint
CREATE TRIGGER doctors_search_refresh
  BEFORE INSERT OR UPDATE OF bio, user_id, search_document ON doctors
  FOR EACH ROW EXECUTE FUNCTION doctors_refresh_search();--> statement-breakpoint
-- Specialty and location changes (the location triggers of 0014 call these too).
CREATE OR REPLACE FUNCTION doctor_specialties_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE doctors SET search_document = search_document WHERE id IN (SELECT DISTINCT doctor_id FROM new_rows);
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION doctor_specialties_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE doctors SET search_document = search_document WHERE id IN (SELECT DISTINCT doctor_id FROM old_rows);
  RETURN NULL;
END;
$$;--> statement-breakpoint
-- A rename refreshes the document and applies the identity rule of 0020, as before.
CREATE OR REPLACE FUNCTION users_full_name_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  v_doctor_id uuid;
BEGIN
  IF NEW.full_name IS DISTINCT FROM OLD.full_name THEN
    UPDATE doctors SET search_document = search_document WHERE user_id = NEW.id RETURNING id INTO v_doctor_id;
    IF v_doctor_id IS NOT NULL THEN
      PERFORM doctor_identity_changed(v_doctor_id, 'fullName');
    END IF;
  END IF;
  RETURN NULL;
END;
$$;
