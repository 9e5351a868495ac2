import type { Request, Response } from 'express';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { Site } from '../db/schema.js';
import { actingOf } from '../audit/record.js';
import { NotFound } from '../http/errors.js';
import { setFlash } from '../http/flash.js';
import type { FormErrors } from '../http/forms.js';
import { parseId } from '../http/ids.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { loadSite } from '../sites/load.js';
import { teamMembers, type TeamMember } from '../sites/team.js';
import {
  ACTION_MAX,
  NOTE_MAX,
  actionChangeAnswersFrom,
  readActionChangeAnswers,
  validateActionChange,
  type ActionChangeAnswers,
} from './form.js';
import { ACTION_STATUS_NAMES, findActionRow, raisedAt, type ActionRow } from './list.js';
import { reviewsOf } from './queries.js';
import { changeAction } from './service.js';
import { bodyOf, versionFrom } from '../http/forms.js';

async function loadAction(db: Db, req: Request, res: Response): Promise<{ site: Site; action: ActionRow }> {
  const site = await loadSite(db, req, res);
  const action = await findActionRow(db, site.id, parseId(String(req.params.actionId), 'action'));
  if (!action) throw new NotFound('action');
  return { site, action };
}

/** The site's team, and the action's owner too if they have since left it, so keeping them is not refused. */
async function ownersFor(db: Db, site: Site, action: ActionRow): Promise<TeamMember[]> {
  const team = await teamMembers(db, site.id);
  if (team.some((member) => member.id === action.ownerId)) return team;
  return [...team, { id: action.ownerId, name: action.ownerName, role: 'practitioner' }];
}

export function actionChangeRoutes(db: Db, today: () => IsoDate): Route[] {
  async function showEditForm(
    res: Response,
    locals: {
      site: Site;
      action: ActionRow;
      team: TeamMember[];
      answers: ActionChangeAnswers;
      version: number;
      errors?: FormErrors;
      conflict?: { theirs: ActionRow };
    },
    status: number,
  ) {
    const { site, action } = locals;
    await renderPage(
      res,
      'actions/edit',
      {
        title: `Change action – ${site.name}`,
        navigation: 'sites',
        statusNames: ACTION_STATUS_NAMES,
        actionMax: ACTION_MAX,
        noteMax: NOTE_MAX,
        backLink: { href: `/sites/${site.id}/actions/${action.id}`, text: 'Back to the action' },
        ...locals,
      },
      status,
    );
  }

  return [
    {
      method: 'get',
      path: '/sites/:siteId/actions/:actionId',
      allow: 'actions.manage',
      async handler(req, res) {
        const { site, action } = await loadAction(db, req, res);
        const reviews = await reviewsOf(db, action.id);
        await renderPage(res, 'actions/show', {
          title: `Action – ${site.name}`,
          navigation: 'sites',
          site,
          action: { ...action, raisedAt: raisedAt(site.id, action), overdue: action.status === 'open' && action.dueDate < today() },
          reviews,
          statusNames: ACTION_STATUS_NAMES,
          backLink: { href: `/sites/${site.id}/actions`, text: 'Back to actions' },
        });
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/actions/:actionId/edit',
      allow: 'actions.manage',
      async handler(req, res) {
        const { site, action } = await loadAction(db, req, res);
        const team = await ownersFor(db, site, action);
        await showEditForm(res, { site, action, team, answers: actionChangeAnswersFrom(action), version: action.version }, 200);
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/actions/:actionId',
      allow: 'actions.manage',
      async handler(req, res, person) {
        const { site, action } = await loadAction(db, req, res);
        const date = today();
        const team = await ownersFor(db, site, action);
        const answers = readActionChangeAnswers(bodyOf(req));
        // A missing or garbled version cannot be proved current, so it is treated as stale.
        const version = versionFrom(bodyOf(req));
        const { change, errors } = validateActionChange(answers, { team, today: date, saved: action });
        if (!change)
          return showEditForm(res, { site, action, team, answers, version: version >= 0 ? version : action.version, errors }, 422);
        const written = await changeAction(db, actingOf(req, person), { siteId: site.id, action, version, change, today: date });
        if (written.stale) {
          // Someone saved this action since this person opened it: show both, keep what they typed.
          return showEditForm(res, { site, action, team, answers, version: action.version, conflict: { theirs: action } }, 409);
        }
        setFlash(res, 'action-saved');
        res.redirect(303, `/sites/${site.id}/actions/${action.id}`);
      },
    },
  ];
}
