CREATE TABLE "associate_links" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"associate_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "associates" ALTER COLUMN "password_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "associate_admissions" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "associate_tokens" ADD COLUMN "id" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "associate_tokens" ADD COLUMN "label" text;--> statement-breakpoint
ALTER TABLE "associate_tokens" ADD COLUMN "last_used_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "engagement_peers" ADD COLUMN "sign_in_token_hash" text;--> statement-breakpoint
ALTER TABLE "associate_links" ADD CONSTRAINT "associate_links_associate_id_associates_id_fk" FOREIGN KEY ("associate_id") REFERENCES "public"."associates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "associate_links_associate_idx" ON "associate_links" USING btree ("associate_id");--> statement-breakpoint
ALTER TABLE "associate_tokens" ADD CONSTRAINT "associate_tokens_id_unique" UNIQUE("id");