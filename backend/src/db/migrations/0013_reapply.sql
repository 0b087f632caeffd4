ALTER TABLE "applications" DROP CONSTRAINT "applications_associate_id_unique";--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "previous_application_id" uuid;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "pending_account" jsonb;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_previous_application_id_applications_id_fk" FOREIGN KEY ("previous_application_id") REFERENCES "public"."applications"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "applications_associate_idx" ON "applications" USING btree ("associate_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "applications_one_standing_idx" ON "applications" USING btree ("associate_id") WHERE "applications"."status" not in ('declined', 'rejected', 'withdrawn');