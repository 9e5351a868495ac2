import type { Response } from 'express';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { Site } from '../db/schema.js';
import { actingOf } from '../audit/record.js';
import { pageItems, parsePage } from '../audit/search.js';
import { setFlash } from '../http/flash.js';
import type { FormErrors } from '../http/forms.js';
import { wantsPartial } from '../http/htmx.js';
import { renderPage, renderPartial } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { loadSite } from '../sites/load.js';
import { teamMembers, type TeamMember } from '../sites/team.js';
import { ACTION_MAX, blankActionAnswers, readActionAnswers, validateAction, type ActionAnswers } from './form.js';
import { ACTION_STATUS_NAMES, ACTIONS_PAGE_SIZE, actionFilterQuery, listActions, raisedAt, readActionFilter } from './list.js';
import { addAction } from './service.js';
import { bodyOf } from '../http/forms.js';

export function actionRoutes(db: Db, today: () => IsoDate): Route[] {
  async function showNewForm(
    res: Response,
    site: Site,
    team: TeamMember[],
    answers: ActionAnswers,
    errors: FormErrors | undefined,
    status: number,
  ) {
    await renderPage(
      res,
      'actions/new',
      {
        title: `Add an action – ${site.name}`,
        navigation: 'sites',
        site,
        team,
        answers,
        errors,
        actionMax: ACTION_MAX,
        backLink: { href: `/sites/${site.id}/actions`, text: 'Back to actions' },
      },
      status,
    );
  }

  return [
    {
      method: 'get',
      path: '/sites/:siteId/actions',
      allow: 'actions.manage',
      async handler(req, res, person) {
        const site = await loadSite(db, req, res);
        const date = today();
        const filter = readActionFilter(req.query);
        const page = parsePage(req.query.page);
        const [{ rows, total }, team] = await Promise.all([listActions(db, site.id, filter, page, date), teamMembers(db, site.id)]);
        const lastPage = Math.max(1, Math.ceil(total / ACTIONS_PAGE_SIZE));
        const href = (number: number) =>
          `/sites/${site.id}/actions${actionFilterQuery(filter, number) ? `?${actionFilterQuery(filter, number)}` : ''}`;
        const locals = {
          site,
          team,
          filter,
          today: date,
          total,
          firstShown: (page - 1) * ACTIONS_PAGE_SIZE + 1,
          actions: rows.map((row) => ({
            ...row,
            raisedAt: raisedAt(site.id, row),
            overdue: row.status === 'open' && row.dueDate < date,
            dueToday: row.status === 'open' && row.dueDate === date,
          })),
          // "My actions": the person's own, when they are in the team and can own one.
          mine: team.some((member) => member.id === person.id) ? String(person.id) : undefined,
          statusNames: ACTION_STATUS_NAMES,
          firstPage: href(1),
          pages:
            lastPage > 1 ? pageItems(page, lastPage).map((item) => ('number' in item ? { ...item, href: href(item.number) } : item)) : [],
          previous: page > 1 && page <= lastPage ? href(page - 1) : undefined,
          next: page < lastPage ? href(page + 1) : undefined,
        };
        if (wantsPartial(req, res)) return renderPartial(res, 'actions/_results', { ...locals, asPart: true });
        await renderPage(res, 'actions/list', {
          title: `Actions – ${site.name}`,
          navigation: 'sites',
          backLink: { href: `/sites/${site.id}`, text: `Back to ${site.name}` },
          ...locals,
        });
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/actions/new',
      allow: 'actions.manage',
      async handler(req, res) {
        const site = await loadSite(db, req, res);
        await showNewForm(res, site, await teamMembers(db, site.id), blankActionAnswers(today()), undefined, 200);
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/actions',
      allow: 'actions.manage',
      async handler(req, res, person) {
        const site = await loadSite(db, req, res);
        const date = today();
        const team = await teamMembers(db, site.id);
        const answers = readActionAnswers(bodyOf(req));
        const { fields, errors } = validateAction(answers, { team, today: date });
        if (!fields) return showNewForm(res, site, team, answers, errors, 422);
        const action = await addAction(db, actingOf(req, person), { siteId: site.id, fields, raisedOn: date });
        setFlash(res, 'action-added');
        res.redirect(303, `/sites/${site.id}/actions/${action.id}`);
      },
    },
  ];
}
