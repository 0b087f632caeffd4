CREATE TABLE "phone_texts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"engagement_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"sid" text,
	"status" text NOT NULL,
	"error_code" integer,
	"our_number" text NOT NULL,
	"shopper_number" text NOT NULL,
	"number_hash" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_opt_outs" (
	"enterprise_id" uuid NOT NULL,
	"number_hash" text NOT NULL,
	"source" text NOT NULL,
	"opted_out_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sms_opt_outs_enterprise_id_number_hash_pk" PRIMARY KEY("enterprise_id","number_hash")
);
--> statement-breakpoint
ALTER TABLE "phone_texts" ADD CONSTRAINT "phone_texts_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_texts" ADD CONSTRAINT "phone_texts_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_opt_outs" ADD CONSTRAINT "sms_opt_outs_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "phone_texts_sid_idx" ON "phone_texts" USING btree ("sid");--> statement-breakpoint
CREATE INDEX "phone_texts_engagement_idx" ON "phone_texts" USING btree ("engagement_id");--> statement-breakpoint
CREATE INDEX "phone_texts_number_idx" ON "phone_texts" USING btree ("enterprise_id","number_hash","sent_at");