CREATE TABLE "contact_import_rows" (
	"import_id" integer NOT NULL,
	"row" integer NOT NULL,
	"person_ref" text NOT NULL,
	"contact_date" date NOT NULL,
	"first_conversation_date" date,
	"highest_conversation" smallint,
	"outcome" text,
	"handoffs" smallint DEFAULT 0 NOT NULL,
	"funding_panel" boolean DEFAULT false NOT NULL,
	"weekly_cost_gbp" numeric(10, 2),
	"way_of_working" text NOT NULL,
	"team" text DEFAULT '' NOT NULL,
	"previous" jsonb
);
--> statement-breakpoint
CREATE TABLE "contact_imports" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contact_imports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"site_id" integer NOT NULL,
	"file_name" text NOT NULL,
	"status" text DEFAULT 'checking' NOT NULL,
	"on_duplicate" text DEFAULT 'skip' NOT NULL,
	"rows_checked" integer DEFAULT 0 NOT NULL,
	"row_count" integer DEFAULT 0 NOT NULL,
	"problem_count" integer DEFAULT 0 NOT NULL,
	"duplicates" integer DEFAULT 0 NOT NULL,
	"inserted" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"imported_at" timestamp with time zone,
	"undone_at" timestamp with time zone,
	CONSTRAINT "contact_imports_status" CHECK ("contact_imports"."status" in ('checking', 'failed', 'ready', 'imported', 'undone')),
	CONSTRAINT "contact_imports_on_duplicate" CHECK ("contact_imports"."on_duplicate" in ('skip', 'update'))
);
--> statement-breakpoint
CREATE TABLE "measure_changes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "measure_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"site_id" integer NOT NULL,
	"date" date NOT NULL,
	"label" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "import_id" integer;--> statement-breakpoint
ALTER TABLE "contact_import_rows" ADD CONSTRAINT "contact_import_rows_import_id_contact_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."contact_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_imports" ADD CONSTRAINT "contact_imports_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_imports" ADD CONSTRAINT "contact_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_changes" ADD CONSTRAINT "measure_changes_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_changes" ADD CONSTRAINT "measure_changes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_import_rows_import" ON "contact_import_rows" USING btree ("import_id","person_ref","contact_date");--> statement-breakpoint
CREATE INDEX "contact_imports_site" ON "contact_imports" USING btree ("site_id","created_at");--> statement-breakpoint
CREATE INDEX "measure_changes_site" ON "measure_changes" USING btree ("site_id","date");--> statement-breakpoint
CREATE INDEX "contacts_import" ON "contacts" USING btree ("import_id") WHERE "contacts"."import_id" is not null;