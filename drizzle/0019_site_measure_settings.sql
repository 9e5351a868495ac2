ALTER TABLE "sites" ADD COLUMN "min_contacts" smallint DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "outcome_days" smallint DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_min_contacts" CHECK ("sites"."min_contacts" between 1 and 1000);--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_outcome_days" CHECK ("sites"."outcome_days" between 1 and 730);