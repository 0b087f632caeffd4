CREATE TABLE "dial_in_codes" (
	"engagement_id" uuid PRIMARY KEY NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"code" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engagement_phones" (
	"engagement_id" uuid PRIMARY KEY NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"number" text NOT NULL,
	"number_hash" text NOT NULL,
	"masked" text NOT NULL,
	"purposes" jsonb NOT NULL,
	"consent_text" text NOT NULL,
	"given_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "phone_texts" ALTER COLUMN "shopper_number" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "phone_calls" ADD COLUMN "direction" text DEFAULT 'click-to-call' NOT NULL;--> statement-breakpoint
ALTER TABLE "phone_calls" ADD COLUMN "associate_via" text DEFAULT 'phone' NOT NULL;--> statement-breakpoint
ALTER TABLE "phone_texts" ADD COLUMN "body" text;--> statement-breakpoint
ALTER TABLE "dial_in_codes" ADD CONSTRAINT "dial_in_codes_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dial_in_codes" ADD CONSTRAINT "dial_in_codes_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_phones" ADD CONSTRAINT "engagement_phones_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_phones" ADD CONSTRAINT "engagement_phones_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dial_in_codes_code_idx" ON "dial_in_codes" USING btree ("enterprise_id","code");--> statement-breakpoint
CREATE INDEX "engagement_phones_number_idx" ON "engagement_phones" USING btree ("enterprise_id","number_hash");