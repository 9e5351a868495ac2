ALTER TABLE "huddle_guests" ADD COLUMN "form_key" text;--> statement-breakpoint
ALTER TABLE "huddle_people" ADD COLUMN "form_key" text;--> statement-breakpoint
ALTER TABLE "actions" ADD COLUMN "form_key" text;--> statement-breakpoint
ALTER TABLE "getting_in_the_way" ADD COLUMN "form_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "huddle_guests_form_key" ON "huddle_guests" USING btree ("form_key");--> statement-breakpoint
CREATE UNIQUE INDEX "huddle_people_form_key" ON "huddle_people" USING btree ("form_key");--> statement-breakpoint
CREATE UNIQUE INDEX "actions_form_key" ON "actions" USING btree ("form_key");--> statement-breakpoint
CREATE UNIQUE INDEX "getting_in_the_way_form_key" ON "getting_in_the_way" USING btree ("form_key");