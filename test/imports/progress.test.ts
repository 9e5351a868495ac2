import assert from 'node:assert/strict';
import { contactImports } from '../../server/db/measures-schema.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { signedIn } from '../helpers/accounts.js';
import { aSite } from '../helpers/sites.js';

describe('progress while a file is checked', () => {
  let t: TestApp;
  after(async () => t.close());

  it('tells the person uploading how many rows have been checked, and nobody else', async () => {
    t = await createTestApp({ now: '2026-11-23T10:00:00Z' });
    const site = await aSite(t.database.db);
    const lead = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
    const other = await signedIn(t.app, t.database.db, 'programme_lead', { siteIds: [site.id] });
    assert.deepEqual((await lead.get(`/sites/${site.id}/imports/progress.json`).expect(200)).body, { rowsChecked: null });
    await t.database.db
      .insert(contactImports)
      .values({ siteId: site.id, fileName: 'big.csv', status: 'checking', rowsChecked: 42_000, createdBy: lead.user!.id });
    const res = await lead.get(`/sites/${site.id}/imports/progress.json`).expect(200);
    assert.deepEqual(res.body, { rowsChecked: 42_000 });
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.deepEqual((await other.get(`/sites/${site.id}/imports/progress.json`).expect(200)).body, { rowsChecked: null });
    const practitioner = await signedIn(t.app, t.database.db, 'practitioner', { siteIds: [site.id] });
    await practitioner.get(`/sites/${site.id}/imports/progress.json`).expect(403);
  });
});
