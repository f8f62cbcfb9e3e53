-- Tamper-evident audit trail (HIPAA 164.312(b), 164.312(c)(1)). Each row carries `chain_seq`
-- (1, 2, 3, ... with no gaps), `prev_hash` (the previous row's `row_hash`; 64 zeros for the
-- first) and `row_hash` = sha256(prev_hash || audit_event_canonical(row)), hex. A row changed,
-- removed or inserted out of band breaks the chain at that row: `npm run audit:verify` names it.
-- Existing columns are untouched; these are added.
ALTER TABLE "audit_events" ADD COLUMN "chain_seq" bigint;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "row_hash" text;--> statement-breakpoint
-- The canonical text of a row: a JSON array of its recorded values, in a fixed order. jsonb's
-- text form is deterministic (keys of `details` sorted), and `at` is spelt in UTC to the
-- microsecond, so the text does not depend on the session's TimeZone or DateStyle.
CREATE OR REPLACE FUNCTION audit_event_canonical(e audit_events) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_array(
    e.chain_seq, e.id, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.actor_id, e.actor_role, e.action, e.resource_type, e.resource_id, e.outcome,
    host(e.ip), e.request_id, e.client_request_id, e.details
  )::text
$$;--> statement-breakpoint
-- The head of the chain: one row, locked FOR UPDATE by each insert until its transaction ends,
-- so concurrent writers take turns and the chain stays linear (seq order = commit order).
CREATE TABLE "audit_chain_head" (
  "singleton" boolean PRIMARY KEY DEFAULT true CHECK ("singleton"),
  "seq" bigint NOT NULL,
  "hash" text NOT NULL
);--> statement-breakpoint
-- Existing rows are chained in insertion order (at, then id). The append-only trigger is
-- lifted for this one statement block, by the owner, inside the migration's transaction.
ALTER TABLE "audit_events" DISABLE TRIGGER "audit_events_no_update_delete";--> statement-breakpoint
DO $$
DECLARE
  r record;
  n bigint := 0;
  prev text := repeat('0', 64);
  h text;
BEGIN
  FOR r IN SELECT id FROM audit_events ORDER BY at, id LOOP
    n := n + 1;
    UPDATE audit_events SET chain_seq = n, prev_hash = prev WHERE id = r.id;
    SELECT encode(sha256(convert_to(prev || audit_event_canonical(e), 'UTF8')), 'hex') INTO h FROM audit_events e WHERE e.id = r.id;
    UPDATE audit_events SET row_hash = h WHERE id = r.id;
    prev := h;
  END LOOP;
  INSERT INTO audit_chain_head (singleton, seq, hash) VALUES (true, n, prev);
END;
$$;--> statement-breakpoint
ALTER TABLE "audit_events" ENABLE TRIGGER "audit_events_no_update_delete";--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "chain_seq" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "prev_hash" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "row_hash" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_chain_seq_idx" ON "audit_events" USING btree ("chain_seq");--> statement-breakpoint
-- SECURITY DEFINER: runs as the owner, so the application's role needs no write rights on the
-- head table (`npm run db:roles` lets it read the head, not move it). Whatever the caller sets in the chain columns is
-- overwritten. Named to fire after any other BEFORE INSERT trigger (they fire by name).
CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
DECLARE
  head audit_chain_head%ROWTYPE;
BEGIN
  SELECT * INTO head FROM audit_chain_head WHERE singleton FOR UPDATE;
  NEW.chain_seq := head.seq + 1;
  NEW.prev_hash := head.hash;
  NEW.row_hash := encode(sha256(convert_to(head.hash || audit_event_canonical(NEW), 'UTF8')), 'hex');
  UPDATE audit_chain_head SET seq = NEW.chain_seq, hash = NEW.row_hash WHERE singleton;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "zz_audit_events_chain"
  BEFORE INSERT ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION audit_events_chain();
