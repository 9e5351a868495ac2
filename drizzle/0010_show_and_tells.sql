CREATE TABLE "feedback_submissions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "feedback_submissions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "show_and_tell_feedback" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "show_and_tell_feedback_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"pack_id" integer NOT NULL,
	"section_id" integer,
	"section_title" text,
	"liked" text DEFAULT '' NOT NULL,
	"worried" text DEFAULT '' NOT NULL,
	"try_next" text DEFAULT '' NOT NULL,
	"given_by" integer,
	"given_on" date NOT NULL,
	"answer" text,
	"answer_text" text DEFAULT '' NOT NULL,
	"answered_by" integer,
	"answered_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "show_and_tell_feedback_answer" CHECK ("show_and_tell_feedback"."answer" in ('did', 'not_yet', 'wont')),
	CONSTRAINT "show_and_tell_feedback_something" CHECK ("show_and_tell_feedback"."liked" <> '' or "show_and_tell_feedback"."worried" <> '' or "show_and_tell_feedback"."try_next" <> ''),
	CONSTRAINT "show_and_tell_feedback_reason" CHECK ("show_and_tell_feedback"."answer" is distinct from 'wont' or "show_and_tell_feedback"."answer_text" <> '')
);
--> statement-breakpoint
CREATE TABLE "show_and_tell_packs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "show_and_tell_packs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"site_id" integer NOT NULL,
	"fortnight" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"shared_with_group" boolean DEFAULT false NOT NULL,
	"attendance_team" smallint,
	"attendance_managers" smallint,
	"attendance_partners" smallint,
	"attendance_experts" smallint,
	"presented_on" date,
	"presented_by" integer,
	"snapshot" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "show_and_tell_packs_status" CHECK ("show_and_tell_packs"."status" in ('draft', 'ready', 'presented')),
	CONSTRAINT "show_and_tell_packs_frozen" CHECK (("show_and_tell_packs"."status" = 'presented') = ("show_and_tell_packs"."snapshot" is not null)),
	CONSTRAINT "show_and_tell_packs_attendance" CHECK (coalesce("show_and_tell_packs"."attendance_team", 0) between 0 and 999 and coalesce("show_and_tell_packs"."attendance_managers", 0) between 0 and 999 and coalesce("show_and_tell_packs"."attendance_partners", 0) between 0 and 999 and coalesce("show_and_tell_packs"."attendance_experts", 0) between 0 and 999)
);
--> statement-breakpoint
CREATE TABLE "show_and_tell_sections" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "show_and_tell_sections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"pack_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"position" integer NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"vision" text DEFAULT '' NOT NULL,
	"goal_met" text,
	"measures" text[] DEFAULT '{}' NOT NULL,
	"story_ids" integer[] DEFAULT '{}' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "show_and_tell_sections_kind" CHECK ("show_and_tell_sections"."kind" in ('welcome', 'what-we-did', 'what-we-learned', 'what-next', 'questions', 'free-text')),
	CONSTRAINT "show_and_tell_sections_goal_met" CHECK ("show_and_tell_sections"."goal_met" in ('yes', 'partly', 'no'))
);
--> statement-breakpoint
ALTER TABLE "feedback_submissions" ADD CONSTRAINT "feedback_submissions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "show_and_tell_feedback" ADD CONSTRAINT "show_and_tell_feedback_pack_id_show_and_tell_packs_id_fk" FOREIGN KEY ("pack_id") REFERENCES "public"."show_and_tell_packs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "show_and_tell_feedback" ADD CONSTRAINT "show_and_tell_feedback_section_id_show_and_tell_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."show_and_tell_sections"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "show_and_tell_feedback" ADD CONSTRAINT "show_and_tell_feedback_given_by_users_id_fk" FOREIGN KEY ("given_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "show_and_tell_feedback" ADD CONSTRAINT "show_and_tell_feedback_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "show_and_tell_packs" ADD CONSTRAINT "show_and_tell_packs_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "show_and_tell_packs" ADD CONSTRAINT "show_and_tell_packs_presented_by_users_id_fk" FOREIGN KEY ("presented_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "show_and_tell_packs" ADD CONSTRAINT "show_and_tell_packs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "show_and_tell_sections" ADD CONSTRAINT "show_and_tell_sections_pack_id_show_and_tell_packs_id_fk" FOREIGN KEY ("pack_id") REFERENCES "public"."show_and_tell_packs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feedback_submissions_user" ON "feedback_submissions" USING btree ("user_id","submitted_at");--> statement-breakpoint
CREATE INDEX "show_and_tell_feedback_pack" ON "show_and_tell_feedback" USING btree ("pack_id");--> statement-breakpoint
CREATE INDEX "show_and_tell_feedback_open" ON "show_and_tell_feedback" USING btree ("pack_id") WHERE "show_and_tell_feedback"."answer" is null or "show_and_tell_feedback"."answer" = 'not_yet';--> statement-breakpoint
CREATE UNIQUE INDEX "show_and_tell_packs_site_fortnight" ON "show_and_tell_packs" USING btree ("site_id","fortnight");--> statement-breakpoint
CREATE INDEX "show_and_tell_sections_pack" ON "show_and_tell_sections" USING btree ("pack_id","position");