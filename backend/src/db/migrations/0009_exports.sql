CREATE TABLE "report_exports" (
	"enterprise_id" uuid PRIMARY KEY NOT NULL,
	"schedule" jsonb NOT NULL,
	"group_by" jsonb NOT NULL,
	"dated_by" text NOT NULL,
	"category_depth" integer NOT NULL,
	"destination" jsonb NOT NULL,
	"sealed_secrets" text NOT NULL,
	"secret_hint" text NOT NULL,
	"secret_count" integer NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"last_attempt" jsonb,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_exports" ADD CONSTRAINT "report_exports_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;