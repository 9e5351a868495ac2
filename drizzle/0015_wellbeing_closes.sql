ALTER TABLE "reflections" ADD COLUMN "wellbeing_closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reflections" ADD COLUMN "wellbeing_closed_by" integer;--> statement-breakpoint
ALTER TABLE "reflections" ADD CONSTRAINT "reflections_wellbeing_closed_by_users_id_fk" FOREIGN KEY ("wellbeing_closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;