CREATE TABLE "commission_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"associate_id" uuid NOT NULL,
	"month" text NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"kind" text NOT NULL,
	"cause" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"locks_at" timestamp with time zone NOT NULL,
	"order_id" text,
	"line" text,
	"sku" text,
	"rule_id" text,
	"refund_id" text,
	"adjusts" text,
	"plan_version" integer,
	"booked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commission_plans" (
	"enterprise_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"currency" text NOT NULL,
	"hold_days" integer NOT NULL,
	"rules" jsonb NOT NULL,
	"fee_basis_points" integer NOT NULL,
	"set_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "commission_plans_enterprise_id_version_pk" PRIMARY KEY("enterprise_id","version")
);
--> statement-breakpoint
CREATE TABLE "marketplace_fees" (
	"enterprise_id" uuid PRIMARY KEY NOT NULL,
	"basis_points" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "commission_entries" ADD CONSTRAINT "commission_entries_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commission_plans" ADD CONSTRAINT "commission_plans_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketplace_fees" ADD CONSTRAINT "marketplace_fees_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "commission_entries_enterprise_idx" ON "commission_entries" USING btree ("enterprise_id","associate_id","month");--> statement-breakpoint
CREATE INDEX "commission_entries_associate_idx" ON "commission_entries" USING btree ("associate_id","month");