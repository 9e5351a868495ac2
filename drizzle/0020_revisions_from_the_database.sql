-- Kept pages (the huddle board, and the measures computed for a site) are kept per site revision.
-- The revision moves here, in the database, whenever a row a kept page is made from changes, so no
-- code path (a route, the CLI, the demo, an import, a psql session) can forget to move it. Each
-- trigger runs once a statement and adds one board_changes row per site the statement touched; the
-- deferred trigger of 0006 turns those into the revision at commit.
CREATE FUNCTION board_change_by_site() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO board_changes (site_id) SELECT DISTINCT site_id FROM changed_rows;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION board_change_of_site() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO board_changes (site_id) SELECT DISTINCT id FROM changed_rows;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION board_change_by_huddle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO board_changes (site_id)
  SELECT DISTINCT h.site_id FROM changed_rows c JOIN huddles h ON h.id = c.huddle_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION board_change_by_action() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO board_changes (site_id)
  SELECT DISTINCT a.site_id FROM changed_rows c JOIN actions a ON a.id = c.action_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION board_change_by_item() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO board_changes (site_id)
  SELECT DISTINCT g.site_id FROM changed_rows c JOIN getting_in_the_way g ON g.id = c.item_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A person's name, role or account state shows on the boards of every site they belong to. Other
-- changes to their account (a password, a second factor) show on none, so they move nothing.
CREATE FUNCTION board_change_by_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO board_changes (site_id)
  SELECT DISTINCT m.site_id
  FROM changed_rows n JOIN old_rows o ON o.id = n.id JOIN site_memberships m ON m.user_id = n.id
  WHERE n.name IS DISTINCT FROM o.name OR n.role IS DISTINCT FROM o.role OR n.disabled_at IS DISTINCT FROM o.disabled_at;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER contacts_moves_board_on_insert AFTER INSERT ON "contacts" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_site();
--> statement-breakpoint
CREATE TRIGGER contacts_moves_board_on_update AFTER UPDATE ON "contacts" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_site();
--> statement-breakpoint
CREATE TRIGGER contacts_moves_board_on_delete AFTER DELETE ON "contacts" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_site();
--> statement-breakpoint
CREATE TRIGGER actions_moves_board_on_insert AFTER INSERT ON "actions" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_site();
--> statement-breakpoint
CREATE TRIGGER actions_moves_board_on_update AFTER UPDATE ON "actions" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_site();
--> statement-breakpoint
CREATE TRIGGER actions_moves_board_on_delete AFTER DELETE ON "actions" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_site();
--> statement-breakpoint
CREATE TRIGGER getting_in_the_way_moves_board_on_insert AFTER INSERT ON "getting_in_the_way" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_site();
--> statement-breakpoint
CREATE TRIGGER getting_in_the_way_moves_board_on_update AFTER UPDATE ON "getting_in_the_way" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_site();
--> statement-breakpoint
CREATE TRIGGER getting_in_the_way_moves_board_on_delete AFTER DELETE ON "getting_in_the_way" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_site();
--> statement-breakpoint
CREATE TRIGGER huddles_moves_board_on_insert AFTER INSERT ON "huddles" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_site();
--> statement-breakpoint
CREATE TRIGGER huddles_moves_board_on_update AFTER UPDATE ON "huddles" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_site();
--> statement-breakpoint
CREATE TRIGGER huddles_moves_board_on_delete AFTER DELETE ON "huddles" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_site();
--> statement-breakpoint
CREATE TRIGGER huddle_people_moves_board_on_insert AFTER INSERT ON "huddle_people" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_site();
--> statement-breakpoint
CREATE TRIGGER huddle_people_moves_board_on_update AFTER UPDATE ON "huddle_people" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_site();
--> statement-breakpoint
CREATE TRIGGER huddle_people_moves_board_on_delete AFTER DELETE ON "huddle_people" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_site();
--> statement-breakpoint
CREATE TRIGGER site_memberships_moves_board_on_insert AFTER INSERT ON "site_memberships" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_site();
--> statement-breakpoint
CREATE TRIGGER site_memberships_moves_board_on_update AFTER UPDATE ON "site_memberships" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_site();
--> statement-breakpoint
CREATE TRIGGER site_memberships_moves_board_on_delete AFTER DELETE ON "site_memberships" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_site();
--> statement-breakpoint
CREATE TRIGGER huddle_attendance_moves_board_on_insert AFTER INSERT ON "huddle_attendance" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_huddle();
--> statement-breakpoint
CREATE TRIGGER huddle_attendance_moves_board_on_update AFTER UPDATE ON "huddle_attendance" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_huddle();
--> statement-breakpoint
CREATE TRIGGER huddle_attendance_moves_board_on_delete AFTER DELETE ON "huddle_attendance" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_huddle();
--> statement-breakpoint
CREATE TRIGGER huddle_guests_moves_board_on_insert AFTER INSERT ON "huddle_guests" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_huddle();
--> statement-breakpoint
CREATE TRIGGER huddle_guests_moves_board_on_update AFTER UPDATE ON "huddle_guests" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_huddle();
--> statement-breakpoint
CREATE TRIGGER huddle_guests_moves_board_on_delete AFTER DELETE ON "huddle_guests" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_huddle();
--> statement-breakpoint
CREATE TRIGGER action_reviews_moves_board_on_insert AFTER INSERT ON "action_reviews" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_action();
--> statement-breakpoint
CREATE TRIGGER action_reviews_moves_board_on_update AFTER UPDATE ON "action_reviews" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_action();
--> statement-breakpoint
CREATE TRIGGER action_reviews_moves_board_on_delete AFTER DELETE ON "action_reviews" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_action();
--> statement-breakpoint
CREATE TRIGGER getting_in_the_way_mentions_moves_board_on_insert AFTER INSERT ON "getting_in_the_way_mentions" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_item();
--> statement-breakpoint
CREATE TRIGGER getting_in_the_way_mentions_moves_board_on_update AFTER UPDATE ON "getting_in_the_way_mentions" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_item();
--> statement-breakpoint
CREATE TRIGGER getting_in_the_way_mentions_moves_board_on_delete AFTER DELETE ON "getting_in_the_way_mentions" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_item();
--> statement-breakpoint
CREATE TRIGGER sites_move_board_on_update AFTER UPDATE ON "sites" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_of_site();
--> statement-breakpoint
CREATE TRIGGER users_move_board_on_update AFTER UPDATE ON "users" REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION board_change_by_person();
