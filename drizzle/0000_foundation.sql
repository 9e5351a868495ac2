CREATE TABLE "bank_holidays" (
	"date" date PRIMARY KEY NOT NULL,
	"title" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fortnight_plans" (
	"site_id" integer NOT NULL,
	"number" integer NOT NULL,
	"goal" text DEFAULT '' NOT NULL,
	"show_and_tell_date" date,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fortnight_plans_site_id_number_pk" PRIMARY KEY("site_id","number"),
	CONSTRAINT "fortnight_plans_number" CHECK ("fortnight_plans"."number" >= 1)
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sites_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"team_description" text DEFAULT '' NOT NULL,
	"go_live_date" date NOT NULL,
	"first_fortnight_start" date NOT NULL,
	"fortnight_length_days" smallint DEFAULT 14 NOT NULL,
	"huddle_days" smallint[] DEFAULT '{1,2,3,4,5}' NOT NULL,
	"huddle_time" text DEFAULT '09:30' NOT NULL,
	"archived_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sites_fortnight_length" CHECK ("sites"."fortnight_length_days" between 5 and 28),
	CONSTRAINT "sites_huddle_time" CHECK ("sites"."huddle_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$')
);
--> statement-breakpoint
ALTER TABLE "fortnight_plans" ADD CONSTRAINT "fortnight_plans_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sites_name_unique" ON "sites" USING btree (lower("name"));