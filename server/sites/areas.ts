import type { Db } from '../db/connection.js';
import { NotFound } from '../http/errors.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { loadSite } from './load.js';
import { STAFF } from '../http/auth.js';

/** A site's areas, in the order of the team's rhythm. Each later feature replaces its empty state. */
export const SITE_AREAS = [
  { slug: 'huddles', title: 'Daily huddles', summary: 'The board the team stands round each morning: who is here, new contacts, people in crisis and actions.' },
  { slug: 'reflections', title: 'Weekly reflections', summary: 'What went well, what got in the way, what we learned and how the team is feeling.' },
  { slug: 'actions', title: 'Actions', summary: 'Every action agreed at huddles and reflections, with its owner and due date.' },
  { slug: 'getting-in-the-way', title: 'What is getting in the way', summary: 'The forms, rules, panels and systems that stop the team working the new way.' },
  { slug: 'measures', title: 'Measures', summary: 'Contacts, waiting times and outcomes: the old way of working against the new.' },
  { slug: 'stories', title: 'Stories of difference', summary: 'What changed for people the team worked with, told with their consent.' },
  { slug: 'show-and-tells', title: 'Show-and-tells', summary: 'The end-of-fortnight session for directors, partners and experts by experience.' },
] as const;

export function siteAreaRoutes(db: Db): Route[] {
  return [
    {
      method: 'get',
      path: '/sites/:siteId/:area',
      allow: STAFF,
      async handler(req, res) {
        const area = SITE_AREAS.find((candidate) => candidate.slug === req.params.area);
        if (!area) throw new NotFound();
        const site = await loadSite(db, req, res);
        await renderPage(res, 'sites/area', { title: `${area.title} – ${site.name}`, navigation: 'sites', site, area, backLink: { href: `/sites/${site.id}`, text: `Back to ${site.name}` } });
      },
    },
  ];
}
