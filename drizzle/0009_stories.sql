CREATE TABLE "stories" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stories_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"site_id" integer NOT NULL,
	"author_id" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"approved_version" integer,
	"title" text DEFAULT '' NOT NULL,
	"fortnight" integer NOT NULL,
	"conversations" smallint[] DEFAULT '{}' NOT NULL,
	"what_mattered" text DEFAULT '' NOT NULL,
	"what_we_did" text DEFAULT '' NOT NULL,
	"difference_it_made" text DEFAULT '' NOT NULL,
	"old_way" text DEFAULT '' NOT NULL,
	"theme_ids" integer[] DEFAULT '{}' NOT NULL,
	"person_ref" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stories_status" CHECK ("stories"."status" in ('draft', 'submitted', 'approved', 'returned')),
	CONSTRAINT "stories_fortnight" CHECK ("stories"."fortnight" >= 1),
	CONSTRAINT "stories_conversations" CHECK ("stories"."conversations" <@ '{1,2,3}'::smallint[]),
	CONSTRAINT "stories_approved" CHECK ("stories"."status" <> 'approved' or "stories"."approved_version" = "stories"."version")
);
--> statement-breakpoint
CREATE TABLE "story_consents" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "story_consents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"story_id" integer NOT NULL,
	"given_by" text NOT NULL,
	"decided_by" text DEFAULT '' NOT NULL,
	"consent_date" date NOT NULL,
	"scope" text[] DEFAULT '{}' NOT NULL,
	"expires_on" date NOT NULL,
	"saw_final_text" boolean NOT NULL,
	"withdrawn_on" date,
	"withdrawal_told_by" text,
	"withdrawal_recorded_by" integer,
	"recorded_by" integer NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "story_consents_given_by" CHECK ("story_consents"."given_by" in ('person', 'attorney', 'best_interests')),
	CONSTRAINT "story_consents_decided_by" CHECK ("story_consents"."given_by" <> 'best_interests' or "story_consents"."decided_by" <> ''),
	CONSTRAINT "story_consents_scope" CHECK ("story_consents"."scope" <@ '{show_and_tells,internal_reports,public}'::text[]),
	CONSTRAINT "story_consents_expiry" CHECK ("story_consents"."expires_on" >= "story_consents"."consent_date"),
	CONSTRAINT "story_consents_withdrawn" CHECK ("story_consents"."withdrawn_on" is null or ("story_consents"."withdrawn_on" >= "story_consents"."consent_date" and coalesce("story_consents"."withdrawal_told_by", '') <> ''))
);
--> statement-breakpoint
CREATE TABLE "story_reviews" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "story_reviews_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"story_id" integer NOT NULL,
	"version" integer NOT NULL,
	"decision" text NOT NULL,
	"reviewer_id" integer NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	"identifier_check" text,
	"findings" integer DEFAULT 0 NOT NULL,
	"motivated_intruder" boolean DEFAULT false NOT NULL,
	"reviewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "story_reviews_decision" CHECK ("story_reviews"."decision" in ('approved', 'returned')),
	CONSTRAINT "story_reviews_approval" CHECK ("story_reviews"."decision" <> 'approved' or ("story_reviews"."motivated_intruder" and "story_reviews"."identifier_check" is not null)),
	CONSTRAINT "story_reviews_returned" CHECK ("story_reviews"."decision" <> 'returned' or "story_reviews"."comments" <> '')
);
--> statement-breakpoint
CREATE TABLE "story_themes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "story_themes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"site_id" integer NOT NULL,
	"name" text NOT NULL,
	"retired_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "story_versions" (
	"story_id" integer NOT NULL,
	"version" integer NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"fortnight" integer NOT NULL,
	"conversations" smallint[] DEFAULT '{}' NOT NULL,
	"what_mattered" text DEFAULT '' NOT NULL,
	"what_we_did" text DEFAULT '' NOT NULL,
	"difference_it_made" text DEFAULT '' NOT NULL,
	"old_way" text DEFAULT '' NOT NULL,
	"theme_ids" integer[] DEFAULT '{}' NOT NULL,
	"person_ref" text,
	"explanations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"saved_by" integer NOT NULL,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "story_versions_story_id_version_pk" PRIMARY KEY("story_id","version")
);
--> statement-breakpoint
ALTER TABLE "stories" ADD CONSTRAINT "stories_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stories" ADD CONSTRAINT "stories_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_consents" ADD CONSTRAINT "story_consents_story_id_stories_id_fk" FOREIGN KEY ("story_id") REFERENCES "public"."stories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_consents" ADD CONSTRAINT "story_consents_withdrawal_recorded_by_users_id_fk" FOREIGN KEY ("withdrawal_recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_consents" ADD CONSTRAINT "story_consents_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_reviews" ADD CONSTRAINT "story_reviews_story_id_stories_id_fk" FOREIGN KEY ("story_id") REFERENCES "public"."stories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_reviews" ADD CONSTRAINT "story_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_themes" ADD CONSTRAINT "story_themes_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_themes" ADD CONSTRAINT "story_themes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_versions" ADD CONSTRAINT "story_versions_story_id_stories_id_fk" FOREIGN KEY ("story_id") REFERENCES "public"."stories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "story_versions" ADD CONSTRAINT "story_versions_saved_by_users_id_fk" FOREIGN KEY ("saved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stories_site_fortnight" ON "stories" USING btree ("site_id","fortnight");--> statement-breakpoint
CREATE INDEX "story_consents_story" ON "story_consents" USING btree ("story_id","id");--> statement-breakpoint
CREATE INDEX "story_reviews_story" ON "story_reviews" USING btree ("story_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "story_themes_site_name" ON "story_themes" USING btree ("site_id",lower("name"));--> statement-breakpoint
-- Every version of a story is kept as it was saved, and every review as it was made: approval
-- applies to a version, so neither may change afterwards.
CREATE FUNCTION stories_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are kept as they were made: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER story_versions_kept BEFORE UPDATE OR DELETE ON "story_versions" FOR EACH ROW EXECUTE FUNCTION stories_refuse_change();--> statement-breakpoint
CREATE TRIGGER story_versions_kept_truncate BEFORE TRUNCATE ON "story_versions" FOR EACH STATEMENT EXECUTE FUNCTION stories_refuse_change();--> statement-breakpoint
CREATE TRIGGER story_reviews_kept BEFORE UPDATE OR DELETE ON "story_reviews" FOR EACH ROW EXECUTE FUNCTION stories_refuse_change();--> statement-breakpoint
CREATE TRIGGER story_reviews_kept_truncate BEFORE TRUNCATE ON "story_reviews" FOR EACH STATEMENT EXECUTE FUNCTION stories_refuse_change();--> statement-breakpoint
-- The app refuses a review by the story's author with a message; this keeps it so whatever writes.
CREATE FUNCTION story_reviews_not_by_author() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM stories WHERE id = NEW.story_id AND author_id = NEW.reviewer_id) THEN
    RAISE EXCEPTION 'A story cannot be reviewed by its author' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER story_reviews_not_by_author BEFORE INSERT ON "story_reviews" FOR EACH ROW EXECUTE FUNCTION story_reviews_not_by_author();
