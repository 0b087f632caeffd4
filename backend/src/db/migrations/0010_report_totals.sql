CREATE TABLE "report_day_totals" (
	"enterprise_id" uuid NOT NULL,
	"day" date NOT NULL,
	"associate_id" uuid,
	"category" jsonb,
	"rule" text,
	"channel" text,
	"opportunities" integer NOT NULL,
	"offers" integer NOT NULL,
	"offers_decided" integer NOT NULL,
	"offers_accepted" integer NOT NULL,
	"engagements" integer NOT NULL,
	"holdout_engagements" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_stale_days" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "report_stale_days_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"enterprise_id" uuid NOT NULL,
	"day" date NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_day_totals" ADD CONSTRAINT "report_day_totals_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_day_totals_enterprise_day_idx" ON "report_day_totals" USING btree ("enterprise_id","day");--> statement-breakpoint
CREATE INDEX "report_stale_days_enterprise_day_idx" ON "report_stale_days" USING btree ("enterprise_id","day");--> statement-breakpoint
CREATE INDEX "sessions_enterprise_cart_idx" ON "sessions" USING btree ("enterprise_id","cart_value" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "sessions_enterprise_duration_idx" ON "sessions" USING btree ("enterprise_id",((extract(epoch from ("last_event_at" - "started_at")) * 1000)::bigint) desc nulls last,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "sessions_sites_idx" ON "sessions" USING gin (("aggregate"->'sites') jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "offers_offered_idx" ON "offers" USING btree ("offered_at");--> statement-breakpoint
CREATE INDEX "engagements_enterprise_started_idx" ON "engagements" USING btree ("enterprise_id",coalesce("answered_at", "invited_at")) WHERE "engagements"."status" in ('accepted', 'ended');--> statement-breakpoint
-- Every API request spends from a rate bucket: unlogged, its write no longer waits for a WAL flush
-- (after a crash the buckets start empty, i.e. full budgets).
ALTER TABLE "rate_buckets" SET UNLOGGED;--> statement-breakpoint
-- The days whose report totals a write changes (report_day_totals): each trigger marks, in the
-- writer's transaction, the UTC days of the facts the changed rows are part of. An opportunity
-- is dated when it opened, an offer when it was made, an engagement when the shopper said yes
-- (answered_at, else invited_at); an opportunity's associate and channel are those of the
-- engagement that served it, an offer's and an engagement's category and rule their opportunity's.
-- Engagements count once accepted (or ended after that): others mark nothing.
CREATE FUNCTION report_mark_opportunities() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO report_stale_days (enterprise_id, day)
    SELECT DISTINCT n.enterprise_id, (n.opened_at AT TIME ZONE 'UTC')::date FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    -- Its offers' days are marked before it goes (report_mark_opportunity_offers), its engagements' by theirs.
    INSERT INTO report_stale_days (enterprise_id, day)
    SELECT DISTINCT p.enterprise_id, (p.opened_at AT TIME ZONE 'UTC')::date FROM old_rows p;
  ELSE
    -- Only what the report reads: the enterprise, when it opened, its rule (reasons) and category (segment).
    WITH changed AS (
      SELECT p.id, p.enterprise_id AS old_enterprise, p.opened_at AS old_opened, n.enterprise_id, n.opened_at
      FROM old_rows p JOIN new_rows n ON n.id = p.id
      WHERE (p.enterprise_id, p.opened_at, p.reasons, p.segment) IS DISTINCT FROM (n.enterprise_id, n.opened_at, n.reasons, n.segment)
    )
    INSERT INTO report_stale_days (enterprise_id, day)
    SELECT DISTINCT x.enterprise_id, x.day FROM (
      SELECT c.old_enterprise AS enterprise_id, (c.old_opened AT TIME ZONE 'UTC')::date AS day FROM changed c
      UNION ALL SELECT c.enterprise_id, (c.opened_at AT TIME ZONE 'UTC')::date FROM changed c
      UNION ALL SELECT e.enterprise_id, (f.offered_at AT TIME ZONE 'UTC')::date FROM changed c JOIN offers f ON f.opportunity_id = c.id CROSS JOIN LATERAL (VALUES (c.old_enterprise), (c.enterprise_id)) e (enterprise_id)
      UNION ALL SELECT g.enterprise_id, (coalesce(g.answered_at, g.invited_at) AT TIME ZONE 'UTC')::date FROM changed c JOIN engagements g ON g.opportunity_id = c.id WHERE g.status IN ('accepted', 'ended')
    ) x;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION report_mark_opportunity_offers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Its offers are deleted with it, after it, when their opportunity (and its enterprise) can no longer be found.
  INSERT INTO report_stale_days (enterprise_id, day)
  SELECT DISTINCT OLD.enterprise_id, (f.offered_at AT TIME ZONE 'UTC')::date FROM offers f WHERE f.opportunity_id = OLD.id;
  RETURN OLD;
END $$;--> statement-breakpoint
CREATE FUNCTION report_mark_offers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO report_stale_days (enterprise_id, day)
    SELECT DISTINCT o.enterprise_id, (n.offered_at AT TIME ZONE 'UTC')::date FROM new_rows n JOIN opportunities o ON o.id = n.opportunity_id;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO report_stale_days (enterprise_id, day)
    SELECT DISTINCT o.enterprise_id, (p.offered_at AT TIME ZONE 'UTC')::date FROM old_rows p JOIN opportunities o ON o.id = p.opportunity_id;
  ELSE
    WITH changed AS (
      SELECT p.opportunity_id AS old_opportunity, p.offered_at AS old_offered, n.opportunity_id, n.offered_at
      FROM old_rows p JOIN new_rows n ON n.id = p.id
      WHERE (p.opportunity_id, p.associate_id, p.status, p.offered_at) IS DISTINCT FROM (n.opportunity_id, n.associate_id, n.status, n.offered_at)
    )
    INSERT INTO report_stale_days (enterprise_id, day)
    SELECT DISTINCT o.enterprise_id, x.day FROM (
      SELECT c.old_opportunity AS opportunity_id, (c.old_offered AT TIME ZONE 'UTC')::date AS day FROM changed c
      UNION ALL SELECT c.opportunity_id, (c.offered_at AT TIME ZONE 'UTC')::date FROM changed c
    ) x JOIN opportunities o ON o.id = x.opportunity_id;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION report_mark_engagements() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The engagement's own day, and its opportunity's (whose associate and channel it gives).
  IF TG_OP = 'INSERT' THEN
    INSERT INTO report_stale_days (enterprise_id, day)
    SELECT DISTINCT x.enterprise_id, x.day FROM (
      SELECT n.enterprise_id, (coalesce(n.answered_at, n.invited_at) AT TIME ZONE 'UTC')::date AS day FROM new_rows n WHERE n.status IN ('accepted', 'ended')
      UNION ALL SELECT o.enterprise_id, (o.opened_at AT TIME ZONE 'UTC')::date FROM new_rows n JOIN opportunities o ON o.id = n.opportunity_id WHERE n.status IN ('accepted', 'ended')
    ) x;
  ELSE
    INSERT INTO report_stale_days (enterprise_id, day)
    SELECT DISTINCT x.enterprise_id, x.day FROM (
      SELECT p.enterprise_id, (coalesce(p.answered_at, p.invited_at) AT TIME ZONE 'UTC')::date AS day FROM old_rows p WHERE p.status IN ('accepted', 'ended')
      UNION ALL SELECT o.enterprise_id, (o.opened_at AT TIME ZONE 'UTC')::date FROM old_rows p JOIN opportunities o ON o.id = p.opportunity_id WHERE p.status IN ('accepted', 'ended')
    ) x;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION report_mark_engagement_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH changed AS (
    SELECT p.id FROM old_rows p JOIN new_rows n ON n.id = p.id
    WHERE (p.status IN ('accepted', 'ended') OR n.status IN ('accepted', 'ended'))
      -- Accepted or ended is the same to the report: an engagement ending changes nothing.
      AND (p.enterprise_id, p.opportunity_id, p.associate_id, p.category, p.status IN ('accepted', 'ended'), p.invited_at, p.answered_at)
        IS DISTINCT FROM (n.enterprise_id, n.opportunity_id, n.associate_id, n.category, n.status IN ('accepted', 'ended'), n.invited_at, n.answered_at)
  ), touched AS (
    SELECT p.enterprise_id, p.opportunity_id, coalesce(p.answered_at, p.invited_at) AS started_at FROM old_rows p JOIN changed c ON c.id = p.id
    UNION ALL
    SELECT n.enterprise_id, n.opportunity_id, coalesce(n.answered_at, n.invited_at) FROM new_rows n JOIN changed c ON c.id = n.id
  )
  INSERT INTO report_stale_days (enterprise_id, day)
  SELECT DISTINCT x.enterprise_id, x.day FROM (
    SELECT r.enterprise_id, (r.started_at AT TIME ZONE 'UTC')::date AS day FROM touched r
    UNION ALL SELECT o.enterprise_id, (o.opened_at AT TIME ZONE 'UTC')::date FROM touched r JOIN opportunities o ON o.id = r.opportunity_id
  ) x;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION report_mark_engaged(engagement_ids uuid[]) RETURNS void LANGUAGE sql AS $$
  -- These engagements' days and their opportunities' (an engagement that served one gives it its channel).
  WITH engaged AS (
    SELECT g.enterprise_id, g.opportunity_id, coalesce(g.answered_at, g.invited_at) AS started_at
    FROM engagements g WHERE g.id = ANY (engagement_ids) AND g.status IN ('accepted', 'ended')
  )
  INSERT INTO report_stale_days (enterprise_id, day)
  SELECT DISTINCT x.enterprise_id, x.day FROM (
    SELECT g.enterprise_id, (g.started_at AT TIME ZONE 'UTC')::date AS day FROM engaged g
    UNION ALL SELECT o.enterprise_id, (o.opened_at AT TIME ZONE 'UTC')::date FROM engaged g JOIN opportunities o ON o.id = g.opportunity_id
  ) x;
$$;--> statement-breakpoint
CREATE FUNCTION report_mark_channel_usages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM report_mark_engaged(ARRAY(SELECT DISTINCT n.engagement_id FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM report_mark_engaged(ARRAY(SELECT DISTINCT p.engagement_id FROM old_rows p));
  ELSE
    PERFORM report_mark_engaged(ARRAY(
      SELECT p.engagement_id FROM old_rows p JOIN new_rows n ON n.id = p.id WHERE (p.engagement_id, p.method) IS DISTINCT FROM (n.engagement_id, n.method)
      UNION SELECT n.engagement_id FROM old_rows p JOIN new_rows n ON n.id = p.id WHERE (p.engagement_id, p.method) IS DISTINCT FROM (n.engagement_id, n.method)));
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER report_opportunities_inserted AFTER INSERT ON opportunities REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_opportunities();--> statement-breakpoint
CREATE TRIGGER report_opportunities_updated AFTER UPDATE ON opportunities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_opportunities();--> statement-breakpoint
CREATE TRIGGER report_opportunities_deleted AFTER DELETE ON opportunities REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_opportunities();--> statement-breakpoint
CREATE TRIGGER report_opportunities_deleting BEFORE DELETE ON opportunities FOR EACH ROW EXECUTE FUNCTION report_mark_opportunity_offers();--> statement-breakpoint
CREATE TRIGGER report_offers_inserted AFTER INSERT ON offers REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_offers();--> statement-breakpoint
CREATE TRIGGER report_offers_updated AFTER UPDATE ON offers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_offers();--> statement-breakpoint
CREATE TRIGGER report_offers_deleted AFTER DELETE ON offers REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_offers();--> statement-breakpoint
CREATE TRIGGER report_engagements_inserted AFTER INSERT ON engagements REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_engagements();--> statement-breakpoint
CREATE TRIGGER report_engagements_updated AFTER UPDATE ON engagements REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_engagement_changes();--> statement-breakpoint
CREATE TRIGGER report_engagements_deleted AFTER DELETE ON engagements REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_engagements();--> statement-breakpoint
CREATE TRIGGER report_channel_usages_inserted AFTER INSERT ON channel_usages REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_channel_usages();--> statement-breakpoint
CREATE TRIGGER report_channel_usages_updated AFTER UPDATE ON channel_usages REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_channel_usages();--> statement-breakpoint
CREATE TRIGGER report_channel_usages_deleted AFTER DELETE ON channel_usages REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_channel_usages();--> statement-breakpoint
-- Backfill: every day that has facts is marked, so the report computes its totals before it
-- first reads them (the periodic sweep computes them from the start; reports/totals.ts).
INSERT INTO report_stale_days (enterprise_id, day)
SELECT enterprise_id, (opened_at AT TIME ZONE 'UTC')::date FROM opportunities
UNION SELECT o.enterprise_id, (f.offered_at AT TIME ZONE 'UTC')::date FROM offers f JOIN opportunities o ON o.id = f.opportunity_id
UNION SELECT enterprise_id, (coalesce(answered_at, invited_at) AT TIME ZONE 'UTC')::date FROM engagements WHERE status IN ('accepted', 'ended');
--> statement-breakpoint
-- The new expression indexes' statistics (how common each site is), before the first list is planned with them.
ANALYZE "sessions", "engagements";
