CREATE TABLE "action_reviews" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "action_reviews_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"action_id" integer NOT NULL,
	"huddle_id" integer,
	"status" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"reviewed_by" integer,
	"reviewed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "actions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "actions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"site_id" integer NOT NULL,
	"description" text NOT NULL,
	"owner_id" integer NOT NULL,
	"due_date" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"status_note" text DEFAULT '' NOT NULL,
	"raised_on" date NOT NULL,
	"huddle_id" integer,
	"reflection_id" integer,
	"closed_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "actions_status" CHECK ("actions"."status" in ('open', 'done', 'dropped'))
);
--> statement-breakpoint
CREATE TABLE "board_revisions" (
	"site_id" integer PRIMARY KEY NOT NULL,
	"revision" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contacts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"site_id" integer NOT NULL,
	"person_ref" text NOT NULL,
	"contact_date" date NOT NULL,
	"first_conversation_date" date,
	"lead_worker_id" integer,
	"c1_date" date,
	"c2_date" date,
	"c3_date" date,
	"highest_conversation" smallint,
	"outcome" text,
	"handoffs" smallint DEFAULT 0 NOT NULL,
	"funding_panel" boolean DEFAULT false NOT NULL,
	"weekly_cost_gbp" numeric(10, 2),
	"way_of_working" text DEFAULT 'new' NOT NULL,
	"team" text DEFAULT '' NOT NULL,
	"huddle_id" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contacts_outcome" CHECK ("contacts"."outcome" in ('resolved_c1', 'community', 'equipment', 'short_term', 'long_term', 'signposted', 'nfa')),
	CONSTRAINT "contacts_way_of_working" CHECK ("contacts"."way_of_working" in ('old', 'new')),
	CONSTRAINT "contacts_highest_conversation" CHECK ("contacts"."highest_conversation" between 1 and 3),
	CONSTRAINT "contacts_handoffs" CHECK ("contacts"."handoffs" between 0 and 1000)
);
--> statement-breakpoint
CREATE TABLE "getting_in_the_way" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "getting_in_the_way_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"site_id" integer NOT NULL,
	"title" text NOT NULL,
	"category" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"owner_id" integer NOT NULL,
	"escalated_to" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"what_changed" text DEFAULT '' NOT NULL,
	"raised_on" date NOT NULL,
	"resolved_on" date,
	"huddle_id" integer,
	"reflection_id" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "getting_in_the_way_category" CHECK ("getting_in_the_way"."category" in ('process', 'policy', 'it_system', 'resources', 'community', 'other')),
	CONSTRAINT "getting_in_the_way_status" CHECK ("getting_in_the_way"."status" in ('open', 'in_hand', 'escalated', 'resolved', 'cannot_change'))
);
--> statement-breakpoint
CREATE TABLE "getting_in_the_way_mentions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "getting_in_the_way_mentions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"item_id" integer NOT NULL,
	"huddle_id" integer,
	"reflection_id" integer,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "getting_in_the_way_mentions_one" CHECK (num_nonnulls("getting_in_the_way_mentions"."huddle_id", "getting_in_the_way_mentions"."reflection_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "huddle_attendance" (
	"huddle_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	CONSTRAINT "huddle_attendance_huddle_id_user_id_pk" PRIMARY KEY("huddle_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "huddle_guests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "huddle_guests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"huddle_id" integer NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "huddle_people" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "huddle_people_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"site_id" integer NOT NULL,
	"huddle_id" integer NOT NULL,
	"person_ref" text NOT NULL,
	"conversation" smallint NOT NULL,
	"lead_worker_id" integer NOT NULL,
	"contact_date" date,
	"note" text DEFAULT '' NOT NULL,
	"flag" text DEFAULT 'none' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "huddle_people_conversation" CHECK ("huddle_people"."conversation" between 1 and 3),
	CONSTRAINT "huddle_people_flag" CHECK ("huddle_people"."flag" in ('none', 'risk', 'safeguarding'))
);
--> statement-breakpoint
CREATE TABLE "huddles" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "huddles_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"site_id" integer NOT NULL,
	"date" date NOT NULL,
	"started_at" timestamp with time zone,
	"started_by" integer,
	"closed_at" timestamp with time zone,
	"closed_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reflections" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reflections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"site_id" integer NOT NULL,
	"week_start" date NOT NULL,
	"held_on" date NOT NULL,
	"went_well" text DEFAULT '' NOT NULL,
	"thanks" text DEFAULT '' NOT NULL,
	"learned" text DEFAULT '' NOT NULL,
	"story_ideas" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reflections_monday" CHECK (extract(isodow from "reflections"."week_start") = 1)
);
--> statement-breakpoint
CREATE TABLE "wellbeing_respondents" (
	"reflection_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	CONSTRAINT "wellbeing_respondents_reflection_id_user_id_pk" PRIMARY KEY("reflection_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "wellbeing_responses" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "wellbeing_responses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"reflection_id" integer NOT NULL,
	"score" smallint NOT NULL,
	"word" text DEFAULT '' NOT NULL,
	CONSTRAINT "wellbeing_responses_score" CHECK ("wellbeing_responses"."score" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "reflection_day" smallint DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "action_reviews" ADD CONSTRAINT "action_reviews_action_id_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_reviews" ADD CONSTRAINT "action_reviews_huddle_id_huddles_id_fk" FOREIGN KEY ("huddle_id") REFERENCES "public"."huddles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_reviews" ADD CONSTRAINT "action_reviews_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_huddle_id_huddles_id_fk" FOREIGN KEY ("huddle_id") REFERENCES "public"."huddles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_reflection_id_reflections_id_fk" FOREIGN KEY ("reflection_id") REFERENCES "public"."reflections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_revisions" ADD CONSTRAINT "board_revisions_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_lead_worker_id_users_id_fk" FOREIGN KEY ("lead_worker_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_huddle_id_huddles_id_fk" FOREIGN KEY ("huddle_id") REFERENCES "public"."huddles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "getting_in_the_way" ADD CONSTRAINT "getting_in_the_way_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "getting_in_the_way" ADD CONSTRAINT "getting_in_the_way_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "getting_in_the_way" ADD CONSTRAINT "getting_in_the_way_huddle_id_huddles_id_fk" FOREIGN KEY ("huddle_id") REFERENCES "public"."huddles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "getting_in_the_way" ADD CONSTRAINT "getting_in_the_way_reflection_id_reflections_id_fk" FOREIGN KEY ("reflection_id") REFERENCES "public"."reflections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "getting_in_the_way" ADD CONSTRAINT "getting_in_the_way_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "getting_in_the_way_mentions" ADD CONSTRAINT "getting_in_the_way_mentions_item_id_getting_in_the_way_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."getting_in_the_way"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "getting_in_the_way_mentions" ADD CONSTRAINT "getting_in_the_way_mentions_huddle_id_huddles_id_fk" FOREIGN KEY ("huddle_id") REFERENCES "public"."huddles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "getting_in_the_way_mentions" ADD CONSTRAINT "getting_in_the_way_mentions_reflection_id_reflections_id_fk" FOREIGN KEY ("reflection_id") REFERENCES "public"."reflections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "huddle_attendance" ADD CONSTRAINT "huddle_attendance_huddle_id_huddles_id_fk" FOREIGN KEY ("huddle_id") REFERENCES "public"."huddles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "huddle_attendance" ADD CONSTRAINT "huddle_attendance_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "huddle_guests" ADD CONSTRAINT "huddle_guests_huddle_id_huddles_id_fk" FOREIGN KEY ("huddle_id") REFERENCES "public"."huddles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "huddle_people" ADD CONSTRAINT "huddle_people_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "huddle_people" ADD CONSTRAINT "huddle_people_huddle_id_huddles_id_fk" FOREIGN KEY ("huddle_id") REFERENCES "public"."huddles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "huddle_people" ADD CONSTRAINT "huddle_people_lead_worker_id_users_id_fk" FOREIGN KEY ("lead_worker_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "huddle_people" ADD CONSTRAINT "huddle_people_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "huddles" ADD CONSTRAINT "huddles_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "huddles" ADD CONSTRAINT "huddles_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "huddles" ADD CONSTRAINT "huddles_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reflections" ADD CONSTRAINT "reflections_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reflections" ADD CONSTRAINT "reflections_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_respondents" ADD CONSTRAINT "wellbeing_respondents_reflection_id_reflections_id_fk" FOREIGN KEY ("reflection_id") REFERENCES "public"."reflections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_respondents" ADD CONSTRAINT "wellbeing_respondents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wellbeing_responses" ADD CONSTRAINT "wellbeing_responses_reflection_id_reflections_id_fk" FOREIGN KEY ("reflection_id") REFERENCES "public"."reflections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "action_reviews_action" ON "action_reviews" USING btree ("action_id");--> statement-breakpoint
CREATE INDEX "action_reviews_huddle" ON "action_reviews" USING btree ("huddle_id");--> statement-breakpoint
CREATE INDEX "actions_site_open" ON "actions" USING btree ("site_id","raised_on","id") WHERE "actions"."status" = 'open';--> statement-breakpoint
CREATE INDEX "actions_site_raised" ON "actions" USING btree ("site_id","raised_on");--> statement-breakpoint
CREATE INDEX "actions_huddle" ON "actions" USING btree ("huddle_id");--> statement-breakpoint
CREATE INDEX "actions_reflection" ON "actions" USING btree ("reflection_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_site_person_date" ON "contacts" USING btree ("site_id","person_ref","contact_date");--> statement-breakpoint
CREATE INDEX "contacts_site_date" ON "contacts" USING btree ("site_id","contact_date");--> statement-breakpoint
CREATE INDEX "contacts_huddle" ON "contacts" USING btree ("huddle_id");--> statement-breakpoint
CREATE INDEX "getting_in_the_way_site_open" ON "getting_in_the_way" USING btree ("site_id","raised_on","id") WHERE "getting_in_the_way"."status" not in ('resolved', 'cannot_change');--> statement-breakpoint
CREATE INDEX "getting_in_the_way_site_raised" ON "getting_in_the_way" USING btree ("site_id","raised_on");--> statement-breakpoint
CREATE UNIQUE INDEX "getting_in_the_way_mentions_huddle" ON "getting_in_the_way_mentions" USING btree ("huddle_id","item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "getting_in_the_way_mentions_reflection" ON "getting_in_the_way_mentions" USING btree ("reflection_id","item_id");--> statement-breakpoint
CREATE INDEX "huddle_guests_huddle" ON "huddle_guests" USING btree ("huddle_id");--> statement-breakpoint
CREATE INDEX "huddle_people_huddle" ON "huddle_people" USING btree ("huddle_id");--> statement-breakpoint
CREATE UNIQUE INDEX "huddles_site_date" ON "huddles" USING btree ("site_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "reflections_site_week" ON "reflections" USING btree ("site_id","week_start");--> statement-breakpoint
CREATE INDEX "wellbeing_responses_reflection" ON "wellbeing_responses" USING btree ("reflection_id");--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_reflection_day" CHECK ("sites"."reflection_day" between 1 and 7);