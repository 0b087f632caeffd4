CREATE TABLE "audit_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "audit_entries_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone NOT NULL,
	"enterprise_id" uuid,
	"actor_kind" text NOT NULL,
	"actor_id" uuid NOT NULL,
	"actor_label" text NOT NULL,
	"actor_role" text,
	"support_access_id" uuid,
	"method" text NOT NULL,
	"action" text NOT NULL,
	"path" text NOT NULL,
	"status" integer NOT NULL,
	"subject" text,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "suspended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "audit_entries" ADD CONSTRAINT "audit_entries_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_entries_enterprise_idx" ON "audit_entries" USING btree ("enterprise_id","seq");