-- Typo tolerance moved to the search_terms dictionary (0010, 0011); trigram matching over whole
-- names and bios is no longer queried, and its GIN indexes only slowed writes.
DROP INDEX "doctors_name_trgm_idx";--> statement-breakpoint
DROP INDEX "doctors_search_text_trgm_idx";