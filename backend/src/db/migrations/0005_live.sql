CREATE TABLE "channel_usages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"engagement_id" uuid NOT NULL,
	"method" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"stopped_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "engagement_peers" (
	"engagement_id" uuid NOT NULL,
	"role" text NOT NULL,
	"peer_id" text NOT NULL,
	"token_hash" text,
	"issued_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	CONSTRAINT "engagement_peers_engagement_id_role_pk" PRIMARY KEY("engagement_id","role")
);
--> statement-breakpoint
CREATE TABLE "live_settings" (
	"enterprise_id" uuid PRIMARY KEY NOT NULL,
	"transcript_retention_days" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transcript_messages" (
	"engagement_id" uuid NOT NULL,
	"sender" text NOT NULL,
	"message_id" text NOT NULL,
	"text" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "transcript_messages_engagement_id_sender_message_id_pk" PRIMARY KEY("engagement_id","sender","message_id")
);
--> statement-breakpoint
ALTER TABLE "channel_usages" ADD CONSTRAINT "channel_usages_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_peers" ADD CONSTRAINT "engagement_peers_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_settings" ADD CONSTRAINT "live_settings_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transcript_messages" ADD CONSTRAINT "transcript_messages_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "channel_usages_open_idx" ON "channel_usages" USING btree ("engagement_id","method") WHERE "channel_usages"."stopped_at" is null;--> statement-breakpoint
CREATE INDEX "channel_usages_engagement_idx" ON "channel_usages" USING btree ("engagement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "engagement_peers_peer_idx" ON "engagement_peers" USING btree ("peer_id");--> statement-breakpoint
CREATE INDEX "transcript_messages_order_idx" ON "transcript_messages" USING btree ("engagement_id","sent_at");