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
CREATE TABLE "console_links" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "console_memberships" (
	"user_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"role" text NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "console_memberships_user_id_enterprise_id_pk" PRIMARY KEY("user_id","enterprise_id")
);
--> statement-breakpoint
CREATE TABLE "console_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_used_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"signed_out_at" timestamp with time zone,
	CONSTRAINT "console_sessions_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "console_users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"operator" boolean DEFAULT false NOT NULL,
	"totp_secret" text,
	"totp_enabled_at" timestamp with time zone,
	"totp_last_step" integer,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_accesses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"operator_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_by" uuid
);
--> statement-breakpoint
DROP INDEX "rankings_opportunity_idx";--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "suspended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lower(jsonb_path_query_array(aggregate, '$.products[*].name')::text || ' ' || jsonb_path_query_array(aggregate, '$.searches[*].terms')::text || ' ' || coalesce(aggregate->>'customerId', '') || ' ' || coalesce(aggregate->>'customerClaim', ''))) STORED;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "cart_value" numeric GENERATED ALWAYS AS (coalesce((aggregate->'cart'->>'value')::numeric, 0)) STORED;--> statement-breakpoint
ALTER TABLE "rankings" ADD COLUMN "seq" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "rankings_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "ranking_id" uuid;--> statement-breakpoint
ALTER TABLE "audit_entries" ADD CONSTRAINT "audit_entries_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "console_links" ADD CONSTRAINT "console_links_user_id_console_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."console_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "console_memberships" ADD CONSTRAINT "console_memberships_user_id_console_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."console_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "console_memberships" ADD CONSTRAINT "console_memberships_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "console_sessions" ADD CONSTRAINT "console_sessions_user_id_console_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."console_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_accesses" ADD CONSTRAINT "support_accesses_operator_id_console_users_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."console_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_accesses" ADD CONSTRAINT "support_accesses_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_accesses" ADD CONSTRAINT "support_accesses_ended_by_console_users_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."console_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_entries_enterprise_idx" ON "audit_entries" USING btree ("enterprise_id","seq");--> statement-breakpoint
CREATE INDEX "console_links_user_idx" ON "console_links" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "console_memberships_enterprise_idx" ON "console_memberships" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "console_sessions_user_idx" ON "console_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "console_users_email_idx" ON "console_users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "support_accesses_enterprise_idx" ON "support_accesses" USING btree ("enterprise_id","started_at");--> statement-breakpoint
CREATE INDEX "support_accesses_operator_idx" ON "support_accesses" USING btree ("operator_id");--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_ranking_id_rankings_id_fk" FOREIGN KEY ("ranking_id") REFERENCES "public"."rankings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_enterprise_started_idx" ON "sessions" USING btree ("enterprise_id","started_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "sessions_enterprise_customer_idx" ON "sessions" USING btree ("enterprise_id",("aggregate"->>'customerId'));--> statement-breakpoint
CREATE INDEX "opportunities_session_idx" ON "opportunities" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "engagements_session_idx" ON "engagements" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "engagements_enterprise_invited_idx" ON "engagements" USING btree ("enterprise_id","invited_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "rankings_opportunity_idx" ON "rankings" USING btree ("opportunity_id","seq");