CREATE TABLE "board_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "board_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"site_id" integer NOT NULL
);
--> statement-breakpoint
-- Applied at commit (the trigger is deferred), so a site's revision row is locked only for the
-- moment a transaction commits: busy boards never queue behind a transaction still at work.
CREATE FUNCTION apply_board_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO board_revisions (site_id, revision) VALUES (NEW.site_id, 1)
  ON CONFLICT (site_id) DO UPDATE SET revision = board_revisions.revision + 1;
  DELETE FROM board_changes WHERE id = NEW.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER board_change_at_commit AFTER INSERT ON "board_changes" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION apply_board_change();
