CREATE TABLE "accreditations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"associate_id" uuid NOT NULL,
	"category" text[] NOT NULL,
	"level" integer NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "associate_admissions" (
	"associate_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"admitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "associate_admissions_associate_id_enterprise_id_pk" PRIMARY KEY("associate_id","enterprise_id")
);
--> statement-breakpoint
CREATE TABLE "associate_connections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"associate_id" uuid NOT NULL,
	"instance_id" text NOT NULL,
	"connected_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "associate_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"associate_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "associates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"display_name" text NOT NULL,
	"employer_id" uuid,
	"languages" text[] NOT NULL,
	"timezone" text NOT NULL,
	"schedule" jsonb NOT NULL,
	"capacity" integer NOT NULL,
	"contact" jsonb NOT NULL,
	"presence" text NOT NULL,
	"presence_changed_at" timestamp with time zone NOT NULL,
	"presence_reason" text,
	"misses_in_row" integer DEFAULT 0 NOT NULL,
	"offers_received" integer DEFAULT 0 NOT NULL,
	"offers_answered" integer DEFAULT 0 NOT NULL,
	"last_engagement_at" timestamp with time zone,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "associates_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "customer_profiles" (
	"enterprise_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"source" text NOT NULL,
	"facts" jsonb NOT NULL,
	"known" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	CONSTRAINT "customer_profiles_enterprise_id_external_id_source_pk" PRIMARY KEY("enterprise_id","external_id","source")
);
--> statement-breakpoint
CREATE TABLE "customer_sources" (
	"enterprise_id" uuid PRIMARY KEY NOT NULL,
	"lookup_url" text NOT NULL,
	"secret" text NOT NULL,
	"ttl_seconds" integer NOT NULL,
	"timeout_ms" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engagements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"associate_id" uuid NOT NULL,
	"shopper_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"customer_external_id" text,
	"category" text[] NOT NULL,
	"status" text NOT NULL,
	"invited_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"end_reason" text
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"associate_id" uuid NOT NULL,
	"wave" integer NOT NULL,
	"priority" text NOT NULL,
	"status" text NOT NULL,
	"score" real NOT NULL,
	"reasons" jsonb NOT NULL,
	"offered_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"end_reason" text
);
--> statement-breakpoint
CREATE TABLE "opportunities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"shopper_id" uuid NOT NULL,
	"status" text NOT NULL,
	"score" real NOT NULL,
	"reasons" jsonb NOT NULL,
	"rules_version" integer NOT NULL,
	"segment" jsonb NOT NULL,
	"customer_external_id" text,
	"opened_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"offer_state" jsonb,
	"closed_at" timestamp with time zone,
	"close_reason" text
);
--> statement-breakpoint
CREATE TABLE "outcomes" (
	"engagement_id" uuid PRIMARY KEY NOT NULL,
	"sale" boolean NOT NULL,
	"amount" text,
	"currency" text,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rankings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"rule_set_name" text NOT NULL,
	"rules_version" integer NOT NULL,
	"candidates" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rule_documents" (
	"enterprise_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"document" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rule_documents_enterprise_id_kind_version_pk" PRIMARY KEY("enterprise_id","kind","version")
);
--> statement-breakpoint
CREATE TABLE "shopper_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"message" text NOT NULL,
	"contact" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "realtime_outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"recipient" text NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "evaluated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "accreditations" ADD CONSTRAINT "accreditations_associate_id_associates_id_fk" FOREIGN KEY ("associate_id") REFERENCES "public"."associates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "associate_admissions" ADD CONSTRAINT "associate_admissions_associate_id_associates_id_fk" FOREIGN KEY ("associate_id") REFERENCES "public"."associates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "associate_admissions" ADD CONSTRAINT "associate_admissions_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "associate_connections" ADD CONSTRAINT "associate_connections_associate_id_associates_id_fk" FOREIGN KEY ("associate_id") REFERENCES "public"."associates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "associate_tokens" ADD CONSTRAINT "associate_tokens_associate_id_associates_id_fk" FOREIGN KEY ("associate_id") REFERENCES "public"."associates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "associates" ADD CONSTRAINT "associates_employer_id_enterprises_id_fk" FOREIGN KEY ("employer_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_profiles" ADD CONSTRAINT "customer_profiles_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_sources" ADD CONSTRAINT "customer_sources_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_associate_id_associates_id_fk" FOREIGN KEY ("associate_id") REFERENCES "public"."associates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_shopper_id_shoppers_id_fk" FOREIGN KEY ("shopper_id") REFERENCES "public"."shoppers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_associate_id_associates_id_fk" FOREIGN KEY ("associate_id") REFERENCES "public"."associates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunities" ADD CONSTRAINT "opportunities_shopper_id_shoppers_id_fk" FOREIGN KEY ("shopper_id") REFERENCES "public"."shoppers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rankings" ADD CONSTRAINT "rankings_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_documents" ADD CONSTRAINT "rule_documents_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shopper_messages" ADD CONSTRAINT "shopper_messages_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shopper_messages" ADD CONSTRAINT "shopper_messages_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accreditations_associate_idx" ON "accreditations" USING btree ("associate_id");--> statement-breakpoint
CREATE INDEX "associate_admissions_enterprise_idx" ON "associate_admissions" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "associate_connections_associate_idx" ON "associate_connections" USING btree ("associate_id");--> statement-breakpoint
CREATE INDEX "associate_tokens_associate_idx" ON "associate_tokens" USING btree ("associate_id");--> statement-breakpoint
CREATE INDEX "associates_employer_idx" ON "associates" USING btree ("employer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "engagements_opportunity_live_idx" ON "engagements" USING btree ("opportunity_id") WHERE "engagements"."status" in ('invited', 'accepted');--> statement-breakpoint
CREATE INDEX "engagements_opportunity_idx" ON "engagements" USING btree ("opportunity_id");--> statement-breakpoint
CREATE INDEX "engagements_invited_due_idx" ON "engagements" USING btree ("expires_at") WHERE "engagements"."status" = 'invited';--> statement-breakpoint
CREATE INDEX "engagements_associate_idx" ON "engagements" USING btree ("associate_id","status");--> statement-breakpoint
CREATE INDEX "engagements_shopper_idx" ON "engagements" USING btree ("shopper_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "offers_opportunity_associate_pending_idx" ON "offers" USING btree ("opportunity_id","associate_id") WHERE "offers"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "offers_opportunity_idx" ON "offers" USING btree ("opportunity_id");--> statement-breakpoint
CREATE INDEX "offers_associate_pending_idx" ON "offers" USING btree ("associate_id") WHERE "offers"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "opportunities_live_session_idx" ON "opportunities" USING btree ("session_id") WHERE "opportunities"."status" = 'offering';--> statement-breakpoint
CREATE INDEX "opportunities_enterprise_opened_idx" ON "opportunities" USING btree ("enterprise_id","opened_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "opportunities_shopper_idx" ON "opportunities" USING btree ("shopper_id","enterprise_id","opened_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "opportunities_due_idx" ON "opportunities" USING btree ("due_at") WHERE "opportunities"."due_at" is not null;--> statement-breakpoint
CREATE INDEX "rankings_opportunity_idx" ON "rankings" USING btree ("opportunity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shopper_messages_opportunity_idx" ON "shopper_messages" USING btree ("opportunity_id");--> statement-breakpoint
CREATE INDEX "realtime_outbox_created_idx" ON "realtime_outbox" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "sessions_unevaluated_idx" ON "sessions" USING btree ("updated_at") WHERE "sessions"."evaluated_at" is null or "sessions"."evaluated_at" < "sessions"."updated_at";