CREATE TABLE "attribution_receipts" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"receipt" jsonb NOT NULL,
	"rule" text NOT NULL,
	"window_days" integer NOT NULL,
	"match" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attribution_settings" (
	"enterprise_id" uuid PRIMARY KEY NOT NULL,
	"window_days" integer NOT NULL,
	"model" text NOT NULL,
	"half_life_days" double precision,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_credits" (
	"order_id" uuid NOT NULL,
	"line_id" text NOT NULL,
	"engagement_id" uuid NOT NULL,
	"associate_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"refunded_minor" bigint NOT NULL,
	CONSTRAINT "order_credits_order_id_line_id_engagement_id_pk" PRIMARY KEY("order_id","line_id","engagement_id")
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"order_id" uuid NOT NULL,
	"line_id" text NOT NULL,
	"position" integer NOT NULL,
	"sku" text NOT NULL,
	"category" text[] NOT NULL,
	"quantity" integer NOT NULL,
	"net_minor" bigint NOT NULL,
	CONSTRAINT "order_lines_order_id_line_id_pk" PRIMARY KEY("order_id","line_id")
);
--> statement-breakpoint
CREATE TABLE "order_refunds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"order_id" uuid NOT NULL,
	"source" text NOT NULL,
	"scope" jsonb NOT NULL,
	"refunded_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_sources" (
	"enterprise_id" uuid NOT NULL,
	"source" text NOT NULL,
	"secret" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "order_sources_enterprise_id_source_pk" PRIMARY KEY("enterprise_id","source")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"number" text,
	"source" text NOT NULL,
	"placed_at" timestamp with time zone NOT NULL,
	"currency" text NOT NULL,
	"net_minor" bigint NOT NULL,
	"customer_external_id" text,
	"stamped_engagement_id" text,
	"status" text NOT NULL,
	"unattributed_reason" text,
	"content_hash" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"enterprise_id" uuid NOT NULL,
	"source" text NOT NULL,
	"delivery_id" text NOT NULL,
	"topic" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "webhook_deliveries_enterprise_id_source_delivery_id_pk" PRIMARY KEY("enterprise_id","source","delivery_id")
);
--> statement-breakpoint
ALTER TABLE "attribution_receipts" ADD CONSTRAINT "attribution_receipts_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attribution_settings" ADD CONSTRAINT "attribution_settings_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_credits" ADD CONSTRAINT "order_credits_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_credits" ADD CONSTRAINT "order_credits_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_credits" ADD CONSTRAINT "order_credits_associate_id_associates_id_fk" FOREIGN KEY ("associate_id") REFERENCES "public"."associates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_credits" ADD CONSTRAINT "order_credits_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD CONSTRAINT "order_refunds_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD CONSTRAINT "order_refunds_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_sources" ADD CONSTRAINT "order_sources_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_credits_engagement_idx" ON "order_credits" USING btree ("engagement_id");--> statement-breakpoint
CREATE INDEX "order_credits_enterprise_idx" ON "order_credits" USING btree ("enterprise_id","associate_id");--> statement-breakpoint
CREATE UNIQUE INDEX "order_refunds_enterprise_external_idx" ON "order_refunds" USING btree ("enterprise_id","external_id");--> statement-breakpoint
CREATE INDEX "order_refunds_order_idx" ON "order_refunds" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_enterprise_external_idx" ON "orders" USING btree ("enterprise_id","external_id");--> statement-breakpoint
CREATE INDEX "orders_enterprise_placed_idx" ON "orders" USING btree ("enterprise_id","placed_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "events_order_number_idx" ON "events" USING btree (("data"->'order'->>'number')) WHERE "events"."type" = 'order_confirmation';--> statement-breakpoint
CREATE INDEX "engagements_customer_idx" ON "engagements" USING btree ("enterprise_id","customer_external_id") WHERE "engagements"."customer_external_id" is not null;