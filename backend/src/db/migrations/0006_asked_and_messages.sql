ALTER TABLE "opportunities" ADD COLUMN "origin" text DEFAULT 'detected' NOT NULL;--> statement-breakpoint
ALTER TABLE "shopper_messages" ADD COLUMN "status" text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE "shopper_messages" ADD COLUMN "taken_by" uuid;--> statement-breakpoint
ALTER TABLE "shopper_messages" ADD COLUMN "taken_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "shopper_messages" ADD COLUMN "done_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "shopper_messages" ADD CONSTRAINT "shopper_messages_taken_by_associates_id_fk" FOREIGN KEY ("taken_by") REFERENCES "public"."associates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "shopper_messages_enterprise_created_idx" ON "shopper_messages" USING btree ("enterprise_id","created_at" DESC NULLS LAST);