-- Keeps search_terms (the dictionary of words the directory can match) in step with the
-- doctors' search documents: once per statement, with all the rows it wrote, so a bulk
-- insert or update costs one pass. Only plain words of 3 to 40 characters are kept.
CREATE OR REPLACE FUNCTION doctors_collect_search_terms() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_terms (term)
  SELECT DISTINCT w.term
    FROM new_rows n, unnest(tsvector_to_array(n.search_document)) AS w(term)
   WHERE length(w.term) BETWEEN 3 AND 40
  ON CONFLICT (term) DO NOTHING;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER doctors_search_terms_after_insert
  AFTER INSERT ON doctors REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION doctors_collect_search_terms();--> statement-breakpoint
CREATE TRIGGER doctors_search_terms_after_update
  AFTER UPDATE ON doctors REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION doctors_collect_search_terms();--> statement-breakpoint
INSERT INTO search_terms (term)
SELECT DISTINCT w.term FROM doctors d, unnest(tsvector_to_array(d.search_document)) AS w(term)
 WHERE length(w.term) BETWEEN 3 AND 40
ON CONFLICT (term) DO NOTHING;
