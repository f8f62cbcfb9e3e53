-- The search trigger also copies the doctor's specialty codes and (lower-cased) location
-- cities onto the row, so the directory's filters are GIN-indexed arrays that combine with
-- the full-text index in one bitmap scan. Location changes refresh the row like specialty
-- changes do (once per statement).
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
  NEW.name_text := lower(v_name);
  NEW.search_text := lower(v_specialties || ' ' || coalesce(NEW.bio, ''));
  NEW.search_document :=
       setweight(to_tsvector('simple', v_name), 'A')
    || setweight(to_tsvector('simple', v_specialties), 'B')
    || setweight(to_tsvector('simple', coalesce(NEW.bio, '')), 'C');
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER doctor_locations_after_insert
  AFTER INSERT ON doctor_locations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION doctor_specialties_inserted();--> statement-breakpoint
CREATE TRIGGER doctor_locations_after_delete
  AFTER DELETE ON doctor_locations REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION doctor_specialties_deleted();--> statement-breakpoint
UPDATE doctors SET name_text = name_text;
