import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { routeTable } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { Db } from '../../server/db/connection.js';
import { can, inSite, menuFor, PERMISSIONS, rolesWith, visibleSiteIds, type Permission, type Person } from '../../server/permissions.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const admin: Person = { role: 'administrator', siteIds: [] };
const lead: Person = { role: 'programme_lead', siteIds: [1, 2] };
const practitioner: Person = { role: 'practitioner', siteIds: [1] };
const expert: Person = { role: 'expert_by_experience', siteIds: [1] };

function filesUnder(folder: string, ending: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? filesUnder(full, ending) : entry.name.endsWith(ending) ? [full] : [];
  });
}

describe('named permissions', function () {
  it('gives each permission to at least one role, and every route names one (or is public)', () => {
    for (const [permission, roles] of Object.entries(PERMISSIONS)) assert.ok(roles.length > 0, permission);
    // The table is built without touching the database: a stand-in is enough to list the routes.
    const routes = routeTable({ db: {} as Db, config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://127.0.0.1/none' }) });
    for (const route of routes) assert.ok(route.allow === 'anyone' || route.allow in PERMISSIONS, `${route.method} ${route.path}`);
  });

  it('is used: every permission is named by a route, the menu or a check in the code', () => {
    const code = [...filesUnder(path.join(root, 'server'), '.ts'), ...filesUnder(path.join(root, 'views'), '.ejs')]
      .filter((file) => !file.endsWith('permissions.ts'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const menu = readFileSync(path.join(root, 'server', 'permissions.ts'), 'utf8').split('const MENU')[1];
    for (const permission of Object.keys(PERMISSIONS))
      assert.ok(code.includes(`'${permission}'`) || menu.includes(`'${permission}'`), permission);
  });

  it('lets an administrator into every site and everyone else into their own', () => {
    assert.equal(visibleSiteIds(admin), undefined);
    assert.deepEqual(visibleSiteIds(lead), [1, 2]);
    assert.ok(inSite(admin, 99));
    assert.ok(inSite(practitioner, 1));
    assert.ok(!inSite(practitioner, 2));
    assert.ok(!inSite(undefined, 1));
  });

  it('checks the role, then the site where one is named', () => {
    assert.ok(can(practitioner, 'huddles.take-part', 1));
    assert.ok(!can(practitioner, 'huddles.take-part', 2), 'not another site');
    assert.ok(!can(expert, 'huddles.take-part', 1), 'experts by experience are not staff');
    assert.ok(can(admin, 'show-and-tells.prepare', 7));
    assert.ok(!can(admin, 'stories.review', 1), "reviewing stories is the site's programme leads' alone");
    assert.ok(can(lead, 'stories.review', 2));
    assert.ok(!can(lead, 'stories.review', 3));
    assert.ok(!can(undefined, 'account.manage'), 'visitors have no permissions');
    for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
      assert.equal(can(expert, permission), rolesWith(permission).includes('expert_by_experience'), permission);
    }
  });

  it('builds the menu from the permissions of the pages it opens', () => {
    const hrefs = (person?: Parameters<typeof menuFor>[0]) => menuFor(person).map((item) => item.href);
    assert.deepEqual(hrefs(undefined), ['/sign-in', '/accessibility']);
    assert.deepEqual(hrefs(admin), ['/sites', '/measures', '/getting-in-the-way', '/users', '/audit', '/account', '/accessibility']);
    assert.deepEqual(hrefs(lead), ['/today', '/sites', '/measures', '/getting-in-the-way', '/users', '/account', '/accessibility']);
    assert.deepEqual(hrefs(practitioner), ['/today', '/sites', '/account', '/accessibility']);
    assert.deepEqual(hrefs(expert), ['/co-production', '/account', '/accessibility']);
  });

  it('leaves no permission written as a role check in a view: views ask `can`', () => {
    const offenders: string[] = [];
    const check = /\.role\s*[!=]==\s*'(administrator|programme_lead|practitioner|expert_by_experience)'/;
    for (const file of filesUnder(path.join(root, 'views'), '.ejs')) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          // Describing someone else's role ("All sites (administrator)") is not a permission.
          if (check.test(line) && !/person\.role/.test(line)) offenders.push(`${path.relative(root, file)}:${index + 1}`);
        });
    }
    assert.deepEqual(offenders, []);
  });
});
