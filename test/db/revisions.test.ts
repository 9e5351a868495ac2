import assert from 'node:assert/strict';
import type { Site, User } from '../../server/db/schema.js';
import type { Sql } from '../../server/db/connection.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { aUser, signedIn, type Visitor } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';

const TODAY = '2026-06-10'; // a Wednesday

/**
 * The huddle board and the measures are kept per site revision. The revision is moved by triggers
 * in the database, so these tests change each table a kept page is made from with plain SQL (no
 * app code at all, as a psql session or a future writer would) and prove the revision, and the
 * page, moves.
 */
describe('revisions moved by the database', function () {
  let t: TestApp;
  let sql: Sql;
  let site: Site;
  let other: Site;
  let worker: User;
  let ids: { huddle: number; action: number; item: number; person: number; contact: number };

  before(async () => {
    t = await createTestApp({ now: `${TODAY}T08:00:00Z` });
    sql = t.database.sql;
    site = await aSite(t.database.db, { name: 'Northgate' });
    other = await aSite(t.database.db, { name: 'Southgate' });
    worker = await aUser(t.database.db, { role: 'practitioner', siteIds: [site.id] });
    const [huddle] = await sql<{ id: number }[]>`insert into huddles (site_id, date) values (${site.id}, ${TODAY}) returning id`;
    const [action] = await sql<{ id: number }[]>`
      insert into actions (site_id, description, owner_id, due_date, raised_on)
      values (${site.id}, 'Ring the equipment service', ${worker.id}, '2026-06-12', ${TODAY}) returning id`;
    const [item] = await sql<{ id: number }[]>`
      insert into getting_in_the_way (site_id, title, category, owner_id, raised_on)
      values (${site.id}, 'Panel forms ask for the same thing twice', 'process', ${worker.id}, ${TODAY}) returning id`;
    const [person] = await sql<{ id: number }[]>`
      insert into huddle_people (site_id, huddle_id, person_ref, conversation, lead_worker_id)
      values (${site.id}, ${huddle.id}, 'HX-0101', 2, ${worker.id}) returning id`;
    const [contact] = await sql<{ id: number }[]>`
      insert into contacts (site_id, person_ref, contact_date) values (${site.id}, 'HX-0102', ${TODAY}) returning id`;
    ids = { huddle: huddle.id, action: action.id, item: item.id, person: person.id, contact: contact.id };
  });
  after(async () => t.close());

  async function revision(siteId: number): Promise<number> {
    const [row] = await sql<{ revision: string }[]>`select revision from board_revisions where site_id = ${siteId}`;
    return row ? Number(row.revision) : 0;
  }

  /** Runs the change in a transaction of its own and says how far each site's revision moved. */
  async function moved(change: (tx: Sql) => Promise<unknown>): Promise<{ site: number; other: number }> {
    const before = { site: await revision(site.id), other: await revision(other.id) };
    await sql.begin((tx) => change(tx as unknown as Sql));
    return { site: (await revision(site.id)) - before.site, other: (await revision(other.id)) - before.other };
  }

  const changes: [string, (tx: Sql) => Promise<unknown>][] = [
    ['a contact added', (tx) => tx`insert into contacts (site_id, person_ref, contact_date) values (${site.id}, 'HX-0201', ${TODAY})`],
    ['a contact changed', (tx) => tx`update contacts set outcome = 'long_term' where id = ${ids.contact}`],
    ['a contact removed', (tx) => tx`delete from contacts where site_id = ${site.id} and person_ref = 'HX-0201'`],
    [
      'an action added',
      (tx) => tx`
        insert into actions (site_id, description, owner_id, due_date, raised_on)
        values (${site.id}, 'Book the room', ${worker.id}, '2026-06-12', ${TODAY})`,
    ],
    ['an action changed', (tx) => tx`update actions set status = 'done' where site_id = ${site.id} and description = 'Book the room'`],
    ['an action removed', (tx) => tx`delete from actions where site_id = ${site.id} and description = 'Book the room'`],
    [
      'an action reviewed',
      (tx) => tx`insert into action_reviews (action_id, huddle_id, status) values (${ids.action}, ${ids.huddle}, 'on_track')`,
    ],
    ['an action review changed', (tx) => tx`update action_reviews set note = 'Rang twice' where action_id = ${ids.action}`],
    [
      'a getting-in-the-way item raised',
      (tx) => tx`
        insert into getting_in_the_way (site_id, title, category, owner_id, raised_on)
        values (${site.id}, 'No hoist in stock', 'resources', ${worker.id}, ${TODAY})`,
    ],
    ['a getting-in-the-way item changed', (tx) => tx`update getting_in_the_way set status = 'escalated' where id = ${ids.item}`],
    [
      'a getting-in-the-way item mentioned',
      (tx) => tx`insert into getting_in_the_way_mentions (item_id, huddle_id) values (${ids.item}, ${ids.huddle})`,
    ],
    ['a mention removed', (tx) => tx`delete from getting_in_the_way_mentions where item_id = ${ids.item}`],
    ['a huddle started', (tx) => tx`update huddles set started_at = now() where id = ${ids.huddle}`],
    [
      'a person to talk about added',
      (tx) => tx`
        insert into huddle_people (site_id, huddle_id, person_ref, conversation, lead_worker_id)
        values (${site.id}, ${ids.huddle}, 'HX-0301', 1, ${worker.id})`,
    ],
    ['a person to talk about changed', (tx) => tx`update huddle_people set conversation = 3 where id = ${ids.person}`],
    ['a person to talk about removed', (tx) => tx`delete from huddle_people where huddle_id = ${ids.huddle} and person_ref = 'HX-0301'`],
    ['attendance marked', (tx) => tx`insert into huddle_attendance (huddle_id, user_id) values (${ids.huddle}, ${worker.id})`],
    ['attendance unmarked', (tx) => tx`delete from huddle_attendance where huddle_id = ${ids.huddle} and user_id = ${worker.id}`],
    ['a guest added', (tx) => tx`insert into huddle_guests (huddle_id, role) values (${ids.huddle}, 'District nurse')`],
    ['a guest removed', (tx) => tx`delete from huddle_guests where huddle_id = ${ids.huddle}`],
    ['the site renamed', (tx) => tx`update sites set name = 'Northgate Community Team' where id = ${site.id}`],
    ['a team member renamed', (tx) => tx`update users set name = 'Robin Ashdown' where id = ${worker.id}`],
    ['a team member given another role', (tx) => tx`update users set role = 'programme_lead' where id = ${worker.id}`],
    ['a team member disabled', (tx) => tx`update users set disabled_at = now() where id = ${worker.id}`],
    ['a team member enabled again', (tx) => tx`update users set disabled_at = null, role = 'practitioner' where id = ${worker.id}`],
  ];

  for (const [what, change] of changes) {
    it(`moves the board's revision when ${what}, and only that site's`, async () => {
      const { site: mine, other: theirs } = await moved(change);
      assert.equal(mine, 1, `${what}: the site's revision moves once for one statement`);
      assert.equal(theirs, 0, `${what}: another site's revision stays`);
    });
  }

  it("moves every site's revision a team member belongs to, and a new member's site", async () => {
    const { site: first } = await moved((tx) => tx`insert into site_memberships (user_id, site_id) values (${worker.id}, ${other.id})`);
    assert.equal(first, 0, 'joining another site leaves this one alone');
    const beforeOther = await revision(other.id);
    const renamed = await moved((tx) => tx`update users set name = 'Robin Ash' where id = ${worker.id}`);
    assert.equal(renamed.site, 1);
    assert.equal(renamed.other, 1, 'the name shows on both boards');
    assert.ok((await revision(other.id)) > beforeOther);
    const left = await moved((tx) => tx`delete from site_memberships where user_id = ${worker.id} and site_id = ${other.id}`);
    assert.deepEqual(left, { site: 0, other: 1 });
  });

  it('moves nothing when a change shows on no board: a password or a second factor', async () => {
    assert.deepEqual(await moved((tx) => tx`update users set password_hash = 'not a real hash' where id = ${worker.id}`), {
      site: 0,
      other: 0,
    });
    assert.deepEqual(await moved((tx) => tx`update users set totp_last_step = 12345 where id = ${worker.id}`), { site: 0, other: 0 });
    assert.deepEqual(await moved((tx) => tx`update users set name = name where id = ${worker.id}`), { site: 0, other: 0 });
  });

  it('moves one revision for a statement of many rows, and none for a statement that touched none', async () => {
    const many = await moved(
      (tx) => tx`
        insert into contacts (site_id, person_ref, contact_date)
        select ${site.id}, 'HX-' || lpad(n::text, 4, '0'), ${TODAY}::date from generate_series(1000, 1499) n`,
    );
    assert.deepEqual(many, { site: 1, other: 0 });
    assert.deepEqual(await moved((tx) => tx`update contacts set outcome = 'nfa' where site_id = ${site.id} and false`), {
      site: 0,
      other: 0,
    });
  });

  it('moves at commit, not before, and not at all for a change rolled back', async () => {
    const start = await revision(site.id);
    await sql
      .begin(async (tx) => {
        await tx`update actions set description = 'Ring the equipment service today' where id = ${ids.action}`;
        assert.equal(await revision(site.id), start, 'another connection does not see the revision move before commit');
        throw new Error('roll back');
      })
      .catch((error: unknown) => assert.equal((error as Error).message, 'roll back'));
    assert.equal(await revision(site.id), start, 'a rolled-back change moves nothing');
  });

  describe('the kept board', function () {
    let member: Visitor;
    const board = () => `/sites/${site.id}/huddles/${TODAY}`;

    before(async () => {
      member = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    });

    it('shows a team member renamed in the database straight away, with no expiry to wait for', async () => {
      const first = await member.get(board()).expect(200);
      assert.match(first.text, /Robin Ash\b/);
      await sql`update users set name = 'Morgan Hale' where id = ${worker.id}`;
      const second = await member.get(board()).expect(200);
      assert.match(second.text, /Morgan Hale/);
      assert.doesNotMatch(second.text, /Robin Ash\b/);
    });

    it('shows an action changed in the database straight away', async () => {
      await member.get(board()).expect(200);
      await sql`update actions set description = 'Ask the hoist supplier for a date' where id = ${ids.action}`;
      const page = await member.get(board()).expect(200);
      assert.match(page.text, /Ask the hoist supplier for a date/);
    });

    it('shows a person to talk about added in the database straight away', async () => {
      await member.get(board()).expect(200);
      await sql`
        insert into huddle_people (site_id, huddle_id, person_ref, conversation, lead_worker_id)
        values (${site.id}, ${ids.huddle}, 'HX-0777', 1, ${worker.id})`;
      const page = await member.get(board()).expect(200);
      assert.match(page.text, /HX-0777/);
    });
  });
});
