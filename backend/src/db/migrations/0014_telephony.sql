CREATE TABLE "phone_calls" (
	"id" uuid PRIMARY KEY NOT NULL,
	"bridge_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"engagement_id" uuid NOT NULL,
	"leg" text NOT NULL,
	"sid" text,
	"status" text NOT NULL,
	"sequence" integer NOT NULL,
	"from_number" text NOT NULL,
	"shopper_number" text,
	"started_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"duration_seconds" integer,
	"ended_by" text
);
--> statement-breakpoint
CREATE TABLE "telephony_settings" (
	"enterprise_id" uuid PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"account_sid" text NOT NULL,
	"auth_token" text NOT NULL,
	"numbers" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "phone_calls" ADD CONSTRAINT "phone_calls_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_calls" ADD CONSTRAINT "phone_calls_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telephony_settings" ADD CONSTRAINT "telephony_settings_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "phone_calls_sid_idx" ON "phone_calls" USING btree ("sid");--> statement-breakpoint
CREATE UNIQUE INDEX "phone_calls_bridge_leg_idx" ON "phone_calls" USING btree ("bridge_id","leg");--> statement-breakpoint
CREATE INDEX "phone_calls_engagement_idx" ON "phone_calls" USING btree ("engagement_id");--> statement-breakpoint
CREATE INDEX "phone_calls_open_idx" ON "phone_calls" USING btree ("started_at") WHERE "phone_calls"."ended_at" is null;