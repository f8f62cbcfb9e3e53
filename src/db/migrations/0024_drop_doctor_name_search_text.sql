-- The columns nothing reads or fills since 0023. A release before this one still names them
-- in every doctor insert (Drizzle lists all the columns it knows), so during a rolling deploy
-- from such a release a doctor's sign-up on an old instance fails until it is replaced; if
-- that overlap matters, ship this migration one release after 0023.
ALTER TABLE "doctors" DROP COLUMN "name_text";--> statement-breakpoint
ALTER TABLE "doctors" DROP COLUMN "search_text";
