CREATE TABLE "site_identity_rejections" (
	"site_id" uuid PRIMARY KEY NOT NULL,
	"count" integer NOT NULL,
	"last_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "site_identity_secrets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "site_identity_rejections" ADD CONSTRAINT "site_identity_rejections_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_identity_secrets" ADD CONSTRAINT "site_identity_secrets_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "site_identity_secrets_site_idx" ON "site_identity_secrets" USING btree ("site_id");--> statement-breakpoint
-- hand-written:
-- Customer ids stored before identity verification existed were never proven: they become claims.
UPDATE "sessions" SET "aggregate" = jsonb_set("aggregate", '{customerId}', 'null'::jsonb) || jsonb_build_object('customerClaim', "aggregate"->'customerId') WHERE jsonb_typeof("aggregate"->'customerId') = 'string';
