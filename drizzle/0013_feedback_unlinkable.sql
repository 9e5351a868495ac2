DROP TABLE "feedback_submissions" CASCADE;--> statement-breakpoint
ALTER TABLE "show_and_tell_feedback" ALTER COLUMN "id" DROP IDENTITY;--> statement-breakpoint
ALTER TABLE "show_and_tell_feedback" ALTER COLUMN "id" SET DEFAULT (floor(random() * 2147483646) + 1)::int;--> statement-breakpoint
ALTER TABLE "show_and_tell_feedback" ADD COLUMN "audited" boolean DEFAULT true NOT NULL;--> statement-breakpoint
CREATE INDEX "show_and_tell_feedback_unaudited" ON "show_and_tell_feedback" USING btree ("pack_id") WHERE not "show_and_tell_feedback"."audited";
