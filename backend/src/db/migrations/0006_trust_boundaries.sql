CREATE TABLE "admission_invitations" (
	"enterprise_id" uuid NOT NULL,
	"email" text NOT NULL,
	"status" text NOT NULL,
	"invited_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	CONSTRAINT "admission_invitations_enterprise_id_email_pk" PRIMARY KEY("enterprise_id","email")
);
--> statement-breakpoint
CREATE TABLE "associate_links" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"associate_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "associate_standings" (
	"associate_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"misses_in_row" integer DEFAULT 0 NOT NULL,
	"offers_received" integer DEFAULT 0 NOT NULL,
	"offers_answered" integer DEFAULT 0 NOT NULL,
	"paused_at" timestamp with time zone,
	CONSTRAINT "associate_standings_associate_id_enterprise_id_pk" PRIMARY KEY("associate_id","enterprise_id")
);
--> statement-breakpoint
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
CREATE TABLE "rate_buckets" (
	"key" text PRIMARY KEY NOT NULL,
	"tokens" double precision NOT NULL,
	"updated_ms" bigint NOT NULL,
	"full_at_ms" bigint NOT NULL,
	"granted" boolean NOT NULL
);
--> statement-breakpoint
DROP INDEX "accreditations_associate_idx";--> statement-breakpoint
ALTER TABLE "associates" ALTER COLUMN "password_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "last_used_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "accreditations" ADD COLUMN "enterprise_id" uuid;--> statement-breakpoint
ALTER TABLE "associate_admissions" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "associate_tokens" ADD COLUMN "id" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "associate_tokens" ADD COLUMN "label" text;--> statement-breakpoint
ALTER TABLE "associate_tokens" ADD COLUMN "last_used_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "opportunities" ADD COLUMN "origin" text DEFAULT 'detected' NOT NULL;--> statement-breakpoint
ALTER TABLE "shopper_messages" ADD COLUMN "status" text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE "shopper_messages" ADD COLUMN "taken_by" uuid;--> statement-breakpoint
ALTER TABLE "shopper_messages" ADD COLUMN "taken_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "shopper_messages" ADD COLUMN "done_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "engagement_peers" ADD COLUMN "sign_in_token_hash" text;--> statement-breakpoint
ALTER TABLE "admission_invitations" ADD CONSTRAINT "admission_invitations_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "associate_links" ADD CONSTRAINT "associate_links_associate_id_associates_id_fk" FOREIGN KEY ("associate_id") REFERENCES "public"."associates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "associate_standings" ADD CONSTRAINT "associate_standings_associate_id_associates_id_fk" FOREIGN KEY ("associate_id") REFERENCES "public"."associates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "associate_standings" ADD CONSTRAINT "associate_standings_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_identity_rejections" ADD CONSTRAINT "site_identity_rejections_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "site_identity_secrets" ADD CONSTRAINT "site_identity_secrets_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admission_invitations_email_idx" ON "admission_invitations" USING btree ("email");--> statement-breakpoint
CREATE INDEX "associate_links_associate_idx" ON "associate_links" USING btree ("associate_id");--> statement-breakpoint
CREATE INDEX "site_identity_secrets_site_idx" ON "site_identity_secrets" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "rate_buckets_full_at_idx" ON "rate_buckets" USING btree ("full_at_ms");--> statement-breakpoint
ALTER TABLE "accreditations" ADD CONSTRAINT "accreditations_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shopper_messages" ADD CONSTRAINT "shopper_messages_taken_by_associates_id_fk" FOREIGN KEY ("taken_by") REFERENCES "public"."associates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "shopper_messages_enterprise_created_idx" ON "shopper_messages" USING btree ("enterprise_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "accreditations_associate_idx" ON "accreditations" USING btree ("associate_id","enterprise_id");--> statement-breakpoint
ALTER TABLE "associates" DROP COLUMN "misses_in_row";--> statement-breakpoint
ALTER TABLE "associates" DROP COLUMN "offers_received";--> statement-breakpoint
ALTER TABLE "associates" DROP COLUMN "offers_answered";--> statement-breakpoint
ALTER TABLE "associate_tokens" ADD CONSTRAINT "associate_tokens_id_unique" UNIQUE("id");--> statement-breakpoint
-- hand-written:
-- Customer ids stored before identity verification existed were never proven: they become claims.
UPDATE "sessions" SET "aggregate" = jsonb_set("aggregate", '{customerId}', 'null'::jsonb) || jsonb_build_object('customerClaim', "aggregate"->'customerId') WHERE jsonb_typeof("aggregate"->'customerId') = 'string';
--> statement-breakpoint
-- hand-written:
-- The accreditations "enterprise_id" is added without NOT NULL above (edited), filled here, then made NOT NULL.
-- An employee's grants were their employer's.
UPDATE "accreditations" AS ac SET "enterprise_id" = a."employer_id" FROM "associates" AS a WHERE a."id" = ac."associate_id" AND a."employer_id" IS NOT NULL;--> statement-breakpoint
-- An independent's grants were shared by every enterprise that admitted them: each gets its own copy.
INSERT INTO "accreditations" ("id", "associate_id", "enterprise_id", "category", "level", "expires_at", "created_at")
  SELECT gen_random_uuid(), ac."associate_id", m."enterprise_id", ac."category", ac."level", ac."expires_at", ac."created_at"
  FROM "accreditations" AS ac JOIN "associate_admissions" AS m ON m."associate_id" = ac."associate_id" WHERE ac."enterprise_id" IS NULL;--> statement-breakpoint
DELETE FROM "accreditations" WHERE "enterprise_id" IS NULL;--> statement-breakpoint
ALTER TABLE "accreditations" ALTER COLUMN "enterprise_id" SET NOT NULL;--> statement-breakpoint
-- Admissions made so far were accepted invitations.
INSERT INTO "admission_invitations" ("enterprise_id", "email", "status", "invited_at", "answered_at")
  SELECT m."enterprise_id", a."email", 'accepted', m."admitted_at", m."admitted_at" FROM "associate_admissions" AS m JOIN "associates" AS a ON a."id" = m."associate_id";
