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
ALTER TABLE "catalog_products" ADD CONSTRAINT "catalog_products_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_versions" ADD CONSTRAINT "catalog_versions_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "catalog_products_gtin_idx" ON "catalog_products" USING btree ("enterprise_id","gtin");--> statement-breakpoint
CREATE INDEX "catalog_products_mpn_idx" ON "catalog_products" USING btree ("enterprise_id","mpn");--> statement-breakpoint
CREATE INDEX "catalog_products_canonical_url_idx" ON "catalog_products" USING btree ("enterprise_id","canonical_url");