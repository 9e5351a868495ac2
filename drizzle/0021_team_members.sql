-- A site's team, written once: the people who can own actions and items and stand at its huddle
-- are its practitioners and leads whose accounts are live. The board, the huddle's forms, the
-- pack's feedback page and the team list all read this view, so none can differ from the others.
-- The planner inlines it: each query plans as it did with the join written out.
CREATE VIEW "team_members" AS
  SELECT m.site_id, u.id, u.name, u.role
  FROM site_memberships m JOIN users u ON u.id = m.user_id
  WHERE u.disabled_at IS NULL AND u.role IN ('programme_lead', 'practitioner');
