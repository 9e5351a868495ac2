ALTER TABLE "reflections" ADD COLUMN "went_well_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "reflections" ADD COLUMN "thanks_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "reflections" ADD COLUMN "learned_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "reflections" ADD COLUMN "story_ideas_version" integer DEFAULT 1 NOT NULL;