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
ALTER TABLE "commission_entries" ADD CONSTRAINT "commission_entries_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_plans" ADD CONSTRAINT "commission_plans_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketplace_fees" ADD CONSTRAINT "marketplace_fees_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_products" ADD CONSTRAINT "catalog_products_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_versions" ADD CONSTRAINT "catalog_versions_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "commission_entries_enterprise_idx" ON "commission_entries" USING btree ("enterprise_id","associate_id","month");--> statement-breakpoint
CREATE INDEX "commission_entries_associate_idx" ON "commission_entries" USING btree ("associate_id","month");--> statement-breakpoint
CREATE INDEX "catalog_products_gtin_idx" ON "catalog_products" USING btree ("enterprise_id","gtin");--> statement-breakpoint
CREATE INDEX "catalog_products_mpn_idx" ON "catalog_products" USING btree ("enterprise_id","mpn");--> statement-breakpoint
CREATE INDEX "catalog_products_canonical_url_idx" ON "catalog_products" USING btree ("enterprise_id","canonical_url");