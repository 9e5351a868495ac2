import type { Db } from '../db/connection.js';
import { isUniqueViolation, NotFound } from '../http/errors.js';
import { setFlash } from '../http/flash.js';
import { loadSite } from './load.js';
import { SITE_AREAS } from './areas.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { blankSiteAnswers, readSiteAnswers, siteAnswersFrom, validateSite, WEEKDAYS, type SiteAnswers } from './form.js';
import { countSites, createSite, findSite, findSiteWithCurrentPlans, listSites, setSiteArchived, updateSite } from './queries.js';
import { parseId } from '../http/ids.js';
import { siteOverview } from './overview.js';
import type { IsoDate } from '../calendar/fortnights.js';
import type { FormErrors } from '../http/forms.js';

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
      path: '/',
      async handler(req, res) {
        if ((await countSites(db)) > 0) return res.redirect(302, '/sites');
        await renderPage(res, 'sites/start', { title: 'Set up your innovation site' });
      },
    },
    {
      method: 'get',
      path: '/sites',
      async handler(req, res) {
        const [active, archived] = await Promise.all([listSites(db, { archived: false }), listSites(db, { archived: true })]);
        await renderPage(res, 'sites/list', { title: 'Sites', navigation: 'sites', active, archived });
      },
    },
    {
      method: 'get',
      path: '/sites/new',
      async handler(req, res) {
        await renderPage(res, 'sites/form', { title: 'Create a site', navigation: 'sites', ...formLocals(blankSiteAnswers()) });
      },
    },
    {
      method: 'post',
      path: '/sites',
      async handler(req, res) {
        const answers = readSiteAnswers(req.body);
        const { fields, errors } = validateSite(answers);
        const again = (problems: FormErrors) =>
          renderPage(res, 'sites/form', { title: 'Create a site', navigation: 'sites', ...formLocals(answers, problems) }, 422);
        if (!fields) return again(errors!);
        try {
          const site = await createSite(db, fields);
          setFlash(res, 'site-created');
          res.redirect(303, `/sites/${site.id}`);
        } catch (error) {
          if (isUniqueViolation(error, 'sites_name_unique')) return again(nameTaken(fields.name));
          throw error;
        }
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId',
      async handler(req, res) {
        const date = today();
        const found = await findSiteWithCurrentPlans(db, parseId(String(req.params.siteId), 'site'), date);
        if (!found) throw new NotFound('site');
        const { site, plans } = found;
        const overview = await siteOverview(db, site, plans, date);
        await renderPage(res, 'sites/show', { title: site.name, navigation: 'sites', site, areas: SITE_AREAS, weekdayNames: WEEKDAYS.map((day) => day.text), ...overview });
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/edit',
      async handler(req, res) {
        const site = await loadSite(db, req);
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
      async handler(req, res) {
        const site = await loadSite(db, req);
        const answers = readSiteAnswers(req.body);
        const version = Number(req.body?.version);
        const again = (problems: FormErrors | undefined, status: number, extra: Record<string, unknown> = {}) =>
          renderPage(
            res,
            'sites/form',
            { title: `Change ${site.name}`, navigation: 'sites', site, version: site.version, backLink: { href: `/sites/${site.id}` }, ...formLocals(answers, problems), ...extra },
            status,
          );
        const { fields, errors } = validateSite(answers);
        if (!fields) return again(errors, 422, { version: Number.isInteger(version) ? version : site.version });
        try {
          const saved = await updateSite(db, site.id, Number.isInteger(version) ? version : -1, fields);
          if (!saved) {
            // Someone saved since this person opened the form: show both, keep what they typed.
            const latest = (await findSite(db, site.id))!;
            return again(undefined, 409, { site: latest, version: latest.version, conflict: { theirs: siteAnswersFrom(latest), latest } });
          }
          setFlash(res, 'site-updated');
          res.redirect(303, `/sites/${site.id}`);
        } catch (error) {
          if (isUniqueViolation(error, 'sites_name_unique')) return again(nameTaken(fields.name), 422, { version });
          throw error;
        }
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/archive',
      async handler(req, res) {
        const site = await loadSite(db, req);
        await setSiteArchived(db, site.id, true);
        setFlash(res, 'site-archived');
        res.redirect(303, '/sites');
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/restore',
      async handler(req, res) {
        const site = await loadSite(db, req);
        await setSiteArchived(db, site.id, false);
        setFlash(res, 'site-restored');
        res.redirect(303, `/sites/${site.id}`);
      },
    },
  ];
}
