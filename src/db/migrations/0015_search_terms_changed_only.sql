-- On UPDATE, collect words only from rows whose search document changed: most updates of a
-- doctor (next availability, rating) leave it alone and should not probe the dictionary.
CREATE OR REPLACE FUNCTION doctors_collect_changed_search_terms() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_terms (term)
  SELECT DISTINCT w.term
    FROM new_rows n JOIN old_rows o ON o.id = n.id,
         unnest(tsvector_to_array(n.search_document)) AS w(term)
   WHERE n.search_document IS DISTINCT FROM o.search_document
     AND length(w.term) BETWEEN 3 AND 40
  ON CONFLICT (term) DO NOTHING;
  RETURN NULL;
END;
$$;--> statement-breakpoint
DROP TRIGGER doctors_search_terms_after_update ON doctors;--> statement-breakpoint
CREATE TRIGGER doctors_search_terms_after_update
  AFTER UPDATE ON doctors REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION doctors_collect_changed_search_terms();
