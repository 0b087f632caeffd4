CREATE TABLE "schedule_exceptions" (
	"associate_id" uuid NOT NULL,
	"date" text NOT NULL,
	"periods" jsonb NOT NULL,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "schedule_exceptions_associate_id_date_pk" PRIMARY KEY("associate_id","date")
);
--> statement-breakpoint
CREATE TABLE "application_documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "application_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"actor_user_id" uuid,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"message" text
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"associate_id" uuid NOT NULL,
	"status" text NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"country" text NOT NULL,
	"birth_date" text,
	"categories" jsonb NOT NULL,
	"experience" text NOT NULL,
	"weekly_hours" integer NOT NULL,
	"consented_at" timestamp with time zone NOT NULL,
	"consent_version" text NOT NULL,
	"email_verified_at" timestamp with time zone,
	"rule_outcomes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"decision_reason" text,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "applications_associate_id_unique" UNIQUE("associate_id")
);
--> statement-breakpoint
CREATE TABLE "background_checks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"package" text NOT NULL,
	"candidate_id" text NOT NULL,
	"invitation_id" text,
	"invitation_status" text,
	"report_id" text,
	"report_status" text,
	"report_result" text,
	"adjudication" text,
	"adverse_action_id" text,
	"pre_adverse_at" timestamp with time zone,
	"post_adverse_due_at" timestamp with time zone,
	"post_adverse_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "background_checks_application_id_unique" UNIQUE("application_id"),
	CONSTRAINT "background_checks_report_id_unique" UNIQUE("report_id")
);
--> statement-breakpoint
CREATE TABLE "check_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "join_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"rules" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "attempt_answers" (
	"attempt_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"chosen" text[] NOT NULL,
	"correct" boolean NOT NULL,
	CONSTRAINT "attempt_answers_attempt_id_question_id_pk" PRIMARY KEY("attempt_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "bank_questions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"bank_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"prompt" text NOT NULL,
	"choices" jsonb NOT NULL,
	"retired" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "earned_accreditations" (
	"associate_id" uuid NOT NULL,
	"bank_id" uuid NOT NULL,
	"enterprise_id" uuid,
	"category" text[] NOT NULL,
	"level" integer NOT NULL,
	"attempt_id" uuid NOT NULL,
	"earned_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "earned_accreditations_associate_id_bank_id_pk" PRIMARY KEY("associate_id","bank_id")
);
--> statement-breakpoint
CREATE TABLE "question_banks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"enterprise_id" uuid,
	"title" text NOT NULL,
	"category" text[] NOT NULL,
	"level" integer NOT NULL,
	"questions_per_test" integer NOT NULL,
	"time_limit_seconds" integer NOT NULL,
	"pass_percent" integer NOT NULL,
	"retake_wait_hours" integer NOT NULL,
	"validity_days" integer NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "test_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"bank_id" uuid NOT NULL,
	"associate_id" uuid NOT NULL,
	"status" text NOT NULL,
	"question_ids" uuid[] NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"score_percent" integer,
	"passed" boolean
);
--> statement-breakpoint
ALTER TABLE "admission_invitations" ADD COLUMN "required_bank_id" uuid;--> statement-breakpoint
ALTER TABLE "associates" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "schedule_exceptions" ADD CONSTRAINT "schedule_exceptions_associate_id_associates_id_fk" FOREIGN KEY ("associate_id") REFERENCES "public"."associates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_documents" ADD CONSTRAINT "application_documents_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_events" ADD CONSTRAINT "application_events_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "application_events" ADD CONSTRAINT "application_events_actor_user_id_console_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."console_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_associate_id_associates_id_fk" FOREIGN KEY ("associate_id") REFERENCES "public"."associates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_decided_by_console_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."console_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "background_checks" ADD CONSTRAINT "background_checks_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "join_settings" ADD CONSTRAINT "join_settings_updated_by_console_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."console_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempt_answers" ADD CONSTRAINT "attempt_answers_attempt_id_test_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."test_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempt_answers" ADD CONSTRAINT "attempt_answers_question_id_bank_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."bank_questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_questions" ADD CONSTRAINT "bank_questions_bank_id_question_banks_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."question_banks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "earned_accreditations" ADD CONSTRAINT "earned_accreditations_associate_id_associates_id_fk" FOREIGN KEY ("associate_id") REFERENCES "public"."associates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "earned_accreditations" ADD CONSTRAINT "earned_accreditations_bank_id_question_banks_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."question_banks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "earned_accreditations" ADD CONSTRAINT "earned_accreditations_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "earned_accreditations" ADD CONSTRAINT "earned_accreditations_attempt_id_test_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."test_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_banks" ADD CONSTRAINT "question_banks_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_attempts" ADD CONSTRAINT "test_attempts_bank_id_question_banks_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."question_banks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "test_attempts" ADD CONSTRAINT "test_attempts_associate_id_associates_id_fk" FOREIGN KEY ("associate_id") REFERENCES "public"."associates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "application_documents_application_idx" ON "application_documents" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "application_events_application_idx" ON "application_events" USING btree ("application_id","at");--> statement-breakpoint
CREATE INDEX "applications_status_idx" ON "applications" USING btree ("status","updated_at");--> statement-breakpoint
CREATE INDEX "background_checks_due_idx" ON "background_checks" USING btree ("post_adverse_due_at");--> statement-breakpoint
CREATE INDEX "attempt_answers_question_idx" ON "attempt_answers" USING btree ("question_id");--> statement-breakpoint
CREATE INDEX "bank_questions_bank_idx" ON "bank_questions" USING btree ("bank_id");--> statement-breakpoint
CREATE INDEX "earned_accreditations_associate_idx" ON "earned_accreditations" USING btree ("associate_id");--> statement-breakpoint
CREATE INDEX "question_banks_owner_idx" ON "question_banks" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "test_attempts_associate_idx" ON "test_attempts" USING btree ("associate_id","bank_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "test_attempts_open_idx" ON "test_attempts" USING btree ("associate_id","bank_id") WHERE "test_attempts"."status" = 'open';--> statement-breakpoint
ALTER TABLE "admission_invitations" ADD CONSTRAINT "admission_invitations_required_bank_id_question_banks_id_fk" FOREIGN KEY ("required_bank_id") REFERENCES "public"."question_banks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Independents made before registration existed were approved by whoever made them.
UPDATE "associates" SET "approved_at" = "created_at" WHERE "employer_id" IS NULL;
