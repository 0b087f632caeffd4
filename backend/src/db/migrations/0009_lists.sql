DROP INDEX "rankings_opportunity_idx";--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lower(jsonb_path_query_array(aggregate, '$.products[*].name')::text || ' ' || jsonb_path_query_array(aggregate, '$.searches[*].terms')::text || ' ' || coalesce(aggregate->>'customerId', '') || ' ' || coalesce(aggregate->>'customerClaim', ''))) STORED;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "cart_value" numeric GENERATED ALWAYS AS (coalesce((aggregate->'cart'->>'value')::numeric, 0)) STORED;--> statement-breakpoint
ALTER TABLE "rankings" ADD COLUMN "seq" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "rankings_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "ranking_id" uuid;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_ranking_id_rankings_id_fk" FOREIGN KEY ("ranking_id") REFERENCES "public"."rankings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_enterprise_started_idx" ON "sessions" USING btree ("enterprise_id","started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "sessions_enterprise_customer_idx" ON "sessions" USING btree ("enterprise_id",("aggregate"->>'customerId'));--> statement-breakpoint
CREATE INDEX "opportunities_session_idx" ON "opportunities" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "engagements_session_idx" ON "engagements" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "engagements_enterprise_invited_idx" ON "engagements" USING btree ("enterprise_id","invited_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "rankings_opportunity_idx" ON "rankings" USING btree ("opportunity_id","seq");