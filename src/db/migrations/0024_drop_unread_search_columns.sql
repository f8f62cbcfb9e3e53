-- doctors.name_text and doctors.search_text: no query has read them since the directory moved to
-- search_document (0010–0012), and 0023 (the previous release) stopped the triggers filling
-- them. Every running release now leaves them alone, so they go. (This migration's snapshot also
-- records the 0022 purge indexes, written by hand there.)
ALTER TABLE "doctors" DROP COLUMN IF EXISTS "name_text";--> statement-breakpoint
ALTER TABLE "doctors" DROP COLUMN IF EXISTS "search_text";
