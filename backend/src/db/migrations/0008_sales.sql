CREATE TABLE "commission_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"associate_id" uuid NOT NULL,
	"month" text NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"kind" text NOT NULL,
	"cause" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"locks_at" timestamp with time zone NOT NULL,
	"order_id" text,
	"line" text,
	"sku" text,
	"rule_id" text,
	"refund_id" text,
	"adjusts" text,
	"plan_version" integer,
	"booked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commission_plans" (
	"enterprise_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"currency" text NOT NULL,
	"hold_days" integer NOT NULL,
	"rules" jsonb NOT NULL,
	"fee_basis_points" integer NOT NULL,
	"set_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "commission_plans_enterprise_id_version_pk" PRIMARY KEY("enterprise_id","version")
);
--> statement-breakpoint
CREATE TABLE "marketplace_fees" (
	"enterprise_id" uuid PRIMARY KEY NOT NULL,
	"basis_points" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_products" (
	"enterprise_id" uuid NOT NULL,
	"sku" text NOT NULL,
	"gtin" text,
	"mpn" text,
	"name" text NOT NULL,
	"description" text,
	"brand" text,
	"category" text[] NOT NULL,
	"currency" text NOT NULL,
	"price" bigint NOT NULL,
	"sale_price" bigint,
	"sale_starts_at" timestamp with time zone,
	"sale_ends_at" timestamp with time zone,
	"availability" text NOT NULL,
	"stock" bigint,
	"url" text NOT NULL,
	"canonical_url" text,
	"other_urls" text[] NOT NULL,
	"image" text,
	"item_group_id" text,
	"attributes" jsonb NOT NULL,
	"related" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "catalog_products_enterprise_id_sku_pk" PRIMARY KEY("enterprise_id","sku")
);
--> statement-breakpoint
CREATE TABLE "catalog_versions" (
	"enterprise_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"run_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone,
	"failed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "material_link_keys" (
	"id" integer PRIMARY KEY NOT NULL,
	"sealed_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "material_usages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"engagement_id" uuid NOT NULL,
	"material_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"action" text NOT NULL,
	"ranking_id" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "material_versions" (
	"material_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"markdown" text,
	"url" text,
	"content_type" text,
	"size" integer,
	"sha256" text,
	"bytes" "bytea",
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "material_versions_material_id_version_pk" PRIMARY KEY("material_id","version")
);
--> statement-breakpoint
CREATE TABLE "materials" (
	"id" uuid PRIMARY KEY NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"tags" jsonb NOT NULL,
	"position" integer NOT NULL,
	"current_version" integer NOT NULL,
	"file_name" text,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "practice_outcomes" (
	"engagement_id" uuid PRIMARY KEY NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"associate_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"ranking_id" uuid,
	"situation_key" text,
	"situation" jsonb,
	"item_id" uuid,
	"holdout" boolean,
	"probability" real,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "practice_rankings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"engagement_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"situation_key" text NOT NULL,
	"situation" jsonb NOT NULL,
	"holdout" boolean NOT NULL,
	"items" jsonb NOT NULL,
	"basis" text NOT NULL,
	"seed" integer NOT NULL,
	"shown_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "practice_tallies" (
	"situation_key" text NOT NULL,
	"item_id" uuid NOT NULL,
	"sales" integer NOT NULL,
	"outcomes" integer NOT NULL,
	CONSTRAINT "practice_tallies_situation_key_item_id_pk" PRIMARY KEY("situation_key","item_id")
);
--> statement-breakpoint
CREATE TABLE "attribution_receipts" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"receipt" jsonb NOT NULL,
	"rule" text NOT NULL,
	"window_days" integer NOT NULL,
	"match" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attribution_settings" (
	"enterprise_id" uuid PRIMARY KEY NOT NULL,
	"window_days" integer NOT NULL,
	"model" text NOT NULL,
	"half_life_days" double precision,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_credits" (
	"order_id" uuid NOT NULL,
	"line_id" text NOT NULL,
	"engagement_id" uuid NOT NULL,
	"associate_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"refunded_minor" bigint NOT NULL,
	CONSTRAINT "order_credits_order_id_line_id_engagement_id_pk" PRIMARY KEY("order_id","line_id","engagement_id")
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"order_id" uuid NOT NULL,
	"line_id" text NOT NULL,
	"position" integer NOT NULL,
	"sku" text NOT NULL,
	"category" text[] NOT NULL,
	"quantity" integer NOT NULL,
	"net_minor" bigint NOT NULL,
	CONSTRAINT "order_lines_order_id_line_id_pk" PRIMARY KEY("order_id","line_id")
);
--> statement-breakpoint
CREATE TABLE "order_refunds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"order_id" uuid NOT NULL,
	"source" text NOT NULL,
	"scope" jsonb NOT NULL,
	"refunded_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_sources" (
	"enterprise_id" uuid NOT NULL,
	"source" text NOT NULL,
	"secret" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "order_sources_enterprise_id_source_pk" PRIMARY KEY("enterprise_id","source")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"number" text,
	"source" text NOT NULL,
	"placed_at" timestamp with time zone NOT NULL,
	"currency" text NOT NULL,
	"net_minor" bigint NOT NULL,
	"customer_external_id" text,
	"stamped_engagement_id" text,
	"status" text NOT NULL,
	"unattributed_reason" text,
	"content_hash" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"enterprise_id" uuid NOT NULL,
	"source" text NOT NULL,
	"delivery_id" text NOT NULL,
	"topic" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "webhook_deliveries_enterprise_id_source_delivery_id_pk" PRIMARY KEY("enterprise_id","source","delivery_id")
);
--> statement-breakpoint
CREATE TABLE "report_exports" (
	"enterprise_id" uuid PRIMARY KEY NOT NULL,
	"schedule" jsonb NOT NULL,
	"group_by" jsonb NOT NULL,
	"dated_by" text NOT NULL,
	"category_depth" integer NOT NULL,
	"destination" jsonb NOT NULL,
	"sealed_secrets" text NOT NULL,
	"secret_hint" text NOT NULL,
	"secret_count" integer NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"last_attempt" jsonb,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "commission_entries" ADD CONSTRAINT "commission_entries_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_plans" ADD CONSTRAINT "commission_plans_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketplace_fees" ADD CONSTRAINT "marketplace_fees_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_products" ADD CONSTRAINT "catalog_products_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_versions" ADD CONSTRAINT "catalog_versions_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_usages" ADD CONSTRAINT "material_usages_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_usages" ADD CONSTRAINT "material_usages_material_id_materials_id_fk" FOREIGN KEY ("material_id") REFERENCES "public"."materials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "material_versions" ADD CONSTRAINT "material_versions_material_id_materials_id_fk" FOREIGN KEY ("material_id") REFERENCES "public"."materials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "materials" ADD CONSTRAINT "materials_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_outcomes" ADD CONSTRAINT "practice_outcomes_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_outcomes" ADD CONSTRAINT "practice_outcomes_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_outcomes" ADD CONSTRAINT "practice_outcomes_associate_id_associates_id_fk" FOREIGN KEY ("associate_id") REFERENCES "public"."associates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_rankings" ADD CONSTRAINT "practice_rankings_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_rankings" ADD CONSTRAINT "practice_rankings_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attribution_receipts" ADD CONSTRAINT "attribution_receipts_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attribution_settings" ADD CONSTRAINT "attribution_settings_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_credits" ADD CONSTRAINT "order_credits_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_credits" ADD CONSTRAINT "order_credits_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_credits" ADD CONSTRAINT "order_credits_associate_id_associates_id_fk" FOREIGN KEY ("associate_id") REFERENCES "public"."associates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_credits" ADD CONSTRAINT "order_credits_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD CONSTRAINT "order_refunds_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD CONSTRAINT "order_refunds_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_sources" ADD CONSTRAINT "order_sources_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_exports" ADD CONSTRAINT "report_exports_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "commission_entries_enterprise_idx" ON "commission_entries" USING btree ("enterprise_id","associate_id","month");--> statement-breakpoint
CREATE INDEX "commission_entries_associate_idx" ON "commission_entries" USING btree ("associate_id","month");--> statement-breakpoint
CREATE INDEX "catalog_products_gtin_idx" ON "catalog_products" USING btree ("enterprise_id","gtin");--> statement-breakpoint
CREATE INDEX "catalog_products_mpn_idx" ON "catalog_products" USING btree ("enterprise_id","mpn");--> statement-breakpoint
CREATE INDEX "catalog_products_canonical_url_idx" ON "catalog_products" USING btree ("enterprise_id","canonical_url");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_key_idx" ON "jobs" USING btree ("key");--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("run_at") WHERE "jobs"."done_at" is null and "jobs"."failed_at" is null;--> statement-breakpoint
CREATE INDEX "material_usages_engagement_idx" ON "material_usages" USING btree ("engagement_id","at");--> statement-breakpoint
CREATE INDEX "material_usages_material_idx" ON "material_usages" USING btree ("material_id");--> statement-breakpoint
CREATE INDEX "materials_enterprise_idx" ON "materials" USING btree ("enterprise_id","position");--> statement-breakpoint
CREATE INDEX "practice_outcomes_situation_idx" ON "practice_outcomes" USING btree ("situation_key") WHERE "practice_outcomes"."situation_key" is not null;--> statement-breakpoint
CREATE INDEX "practice_outcomes_enterprise_idx" ON "practice_outcomes" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "practice_rankings_engagement_idx" ON "practice_rankings" USING btree ("engagement_id","shown_at");--> statement-breakpoint
CREATE INDEX "practice_rankings_enterprise_idx" ON "practice_rankings" USING btree ("enterprise_id","shown_at");--> statement-breakpoint
CREATE INDEX "order_credits_engagement_idx" ON "order_credits" USING btree ("engagement_id");--> statement-breakpoint
CREATE INDEX "order_credits_enterprise_idx" ON "order_credits" USING btree ("enterprise_id","associate_id");--> statement-breakpoint
CREATE UNIQUE INDEX "order_refunds_enterprise_external_idx" ON "order_refunds" USING btree ("enterprise_id","external_id");--> statement-breakpoint
CREATE INDEX "order_refunds_order_idx" ON "order_refunds" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_enterprise_external_idx" ON "orders" USING btree ("enterprise_id","external_id");--> statement-breakpoint
CREATE INDEX "orders_enterprise_placed_idx" ON "orders" USING btree ("enterprise_id","placed_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "events_order_number_idx" ON "events" USING btree (("data"->'order'->>'number')) WHERE "events"."type" = 'order_confirmation';--> statement-breakpoint
CREATE INDEX "engagements_customer_idx" ON "engagements" USING btree ("enterprise_id","customer_external_id") WHERE "engagements"."customer_external_id" is not null;