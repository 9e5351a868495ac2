import type { Db } from '../db/connection.js';
import { HttpError, NotFound } from '../http/errors.js';
import { setFlash } from '../http/flash.js';
import { canAccessSite, loadSite } from './load.js';
import { SITE_AREAS } from './areas.js';
import { renderPage } from '../http/render.js';
import { keyOf, sendKeptPage } from '../http/kept-pages.js';
import type { Route } from '../http/routes.js';
import { blankSiteAnswers, readSiteAnswers, siteAnswersFrom, validateSite, WEEKDAYS, type SiteAnswers } from './form.js';
import { findSite, findSiteWithCurrentPlans, listSites } from './queries.js';
import { archiveSite, changeSite, setUpSite } from './service.js';
import { parseId, orNotFound } from '../http/ids.js';
import { actingOf } from '../audit/record.js';

import { siteOverview } from './overview.js';
import type { IsoDate } from '../calendar/fortnights.js';
import type { FormErrors } from '../http/forms.js';
import { bodyOf, versionFrom } from '../http/forms.js';
import { visibleSiteIds } from '../permissions.js';

function formLocals(answers: SiteAnswers, errors?: FormErrors) {
  return { answers, errors, weekdays: WEEKDAYS };
}

function nameTaken(name: string): FormErrors {
  const text = `A site called “${name}” already exists. Choose a different name`;
  return { summary: [{ text, href: '#name' }], fields: { name: text } };
}

export function siteRoutes(db: Db, today: () => IsoDate): Route[] {
  return [
    {
      method: 'get',
      path: '/sites',
      allow: 'sites.view',
      async handler(req, res, user) {
        const onlyIds = visibleSiteIds(user);
        const [active, archived] = await Promise.all([
          listSites(db, { archived: false, onlyIds }),
          listSites(db, { archived: true, onlyIds }),
        ]);
        await renderPage(res, 'sites/list', { title: 'Sites', navigation: 'sites', active, archived });
      },
    },
    {
      method: 'get',
      path: '/sites/new',
      allow: 'sites.create',
      async handler(req, res) {
        await renderPage(res, 'sites/form', { title: 'Create a site', navigation: 'sites', ...formLocals(blankSiteAnswers()) });
      },
    },
    {
      method: 'post',
      path: '/sites',
      allow: 'sites.create',
      async handler(req, res, person) {
        const answers = readSiteAnswers(bodyOf(req));
        const { fields, errors } = validateSite(answers);
        const again = (problems: FormErrors) =>
          renderPage(res, 'sites/form', { title: 'Create a site', navigation: 'sites', ...formLocals(answers, problems) }, 422);
        if (!fields) return again(errors ?? { summary: [], fields: {} });
        const created = await setUpSite(db, actingOf(req, person), fields);
        if (created.nameTaken) return again(nameTaken(fields.name));
        setFlash(res, 'site-created');
        res.redirect(303, `/sites/${created.saved.id}`);
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId',
      allow: 'sites.view',
      async handler(req, res) {
        const date = today();
        const found = await findSiteWithCurrentPlans(db, parseId(String(req.params.siteId), 'site'), date);
        if (!found) throw new NotFound('site');
        const { site, plans } = found;
        if (!canAccessSite(res.locals.user, site.id)) throw new HttpError(403, 'site');
        const overview = await siteOverview(db, site, plans, date);
        // Kept while the site, its fortnights' plans and the day are the same: every team member opens it.
        await sendKeptPage(db, res, `site|${site.id}|${keyOf([site, overview])}`, 'sites/show', {
          title: site.name,
          navigation: 'sites',
          site,
          areas: SITE_AREAS,
          weekdayNames: WEEKDAYS.map((day) => day.text),
          ...overview,
        });
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/edit',
      allow: 'sites.edit',
      async handler(req, res) {
        const site = await loadSite(db, req, res);
        await renderPage(res, 'sites/form', {
          title: `Change ${site.name}`,
          navigation: 'sites',
          site,
          version: site.version,
          backLink: { href: `/sites/${site.id}` },
          ...formLocals(siteAnswersFrom(site)),
        });
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId',
      allow: 'sites.edit',
      async handler(req, res, person) {
        const site = await loadSite(db, req, res);
        const answers = readSiteAnswers(bodyOf(req));
        const version = versionFrom(bodyOf(req));
        const again = (problems: FormErrors | undefined, status: number, extra: Record<string, unknown> = {}) =>
          renderPage(
            res,
            'sites/form',
            {
              title: `Change ${site.name}`,
              navigation: 'sites',
              site,
              version: site.version,
              backLink: { href: `/sites/${site.id}` },
              ...formLocals(answers, problems),
              ...extra,
            },
            status,
          );
        const { fields, errors } = validateSite(answers);
        if (!fields) return again(errors, 422, { version: Number.isInteger(version) ? version : site.version });
        const written = await changeSite(db, actingOf(req, person), {
          id: site.id,
          version: Number.isInteger(version) ? version : -1,
          fields,
        });
        if ('nameTaken' in written) return again(nameTaken(fields.name), 422, { version });
        if (written.stale) {
          // Someone saved since this person opened the form: show both, keep what they typed.
          const latest = orNotFound(await findSite(db, site.id));
          return again(undefined, 409, { site: latest, version: latest.version, conflict: { theirs: siteAnswersFrom(latest), latest } });
        }
        setFlash(res, 'site-updated');
        res.redirect(303, `/sites/${site.id}`);
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/archive',
      allow: 'sites.archive',
      async handler(req, res, person) {
        const site = await loadSite(db, req, res);
        await archiveSite(db, actingOf(req, person), { id: site.id, archived: true });
        setFlash(res, 'site-archived');
        res.redirect(303, '/sites');
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/restore',
      allow: 'sites.archive',
      async handler(req, res, person) {
        const site = await loadSite(db, req, res);
        await archiveSite(db, actingOf(req, person), { id: site.id, archived: false });
        setFlash(res, 'site-restored');
        res.redirect(303, `/sites/${site.id}`);
      },
    },
  ];
}
