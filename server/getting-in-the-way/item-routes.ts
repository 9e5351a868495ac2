import type { Request, Response } from 'express';
import { daysBetween, type IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { GettingInTheWayItem, Site } from '../db/schema.js';
import { actingOf } from '../audit/record.js';
import { changeItem, raiseItem } from './service.js';
import { NotFound } from '../http/errors.js';
import { setFlash } from '../http/flash.js';
import type { FormErrors } from '../http/forms.js';
import { parseId } from '../http/ids.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { loadSite } from '../sites/load.js';
import { teamMembers, type TeamMember } from '../sites/team.js';
import {
  CATEGORY_NAMES,
  DESCRIPTION_MAX,
  STATUS_NAMES,
  TITLE_MAX,
  ESCALATED_TO_MAX,
  blankItemAnswers,
  readItemAnswers,
  validateItem,
  type ItemAnswers,
} from './form.js';
import { findItem, findItemOrigin, isClosed, mentionsOf } from './queries.js';
import { bodyOf, versionFrom } from '../http/forms.js';

async function loadItem(db: Db, req: Request, res: Response): Promise<{ site: Site; item: GettingInTheWayItem }> {
  const site = await loadSite(db, req, res);
  const item = await findItem(db, site.id, parseId(String(req.params.itemId), 'item'));
  if (!item) throw new NotFound('item');
  return { site, item };
}

function answersFrom(item: GettingInTheWayItem): ItemAnswers {
  return {
    title: item.title,
    category: item.category,
    description: item.description,
    ownerId: String(item.ownerId),
    escalatedTo: item.escalatedTo,
    status: item.status,
    whatChanged: item.whatChanged,
  };
}

/** The site's team, and the item's owner too if they have since left it, so keeping them is not refused. */
async function ownersFor(db: Db, site: Site, item?: GettingInTheWayItem): Promise<TeamMember[]> {
  const team = await teamMembers(db, site.id);
  if (!item || team.some((member) => member.id === item.ownerId)) return team;
  const origin = await findItemOrigin(db, item);
  return [...team, { id: item.ownerId, name: origin.ownerName, role: 'practitioner' }];
}

const limits = {
  titleMax: TITLE_MAX,
  descriptionMax: DESCRIPTION_MAX,
  escalatedToMax: ESCALATED_TO_MAX,
  categoryNames: CATEGORY_NAMES,
  statusNames: STATUS_NAMES,
};

export function logItemRoutes(db: Db, today: () => IsoDate): Route[] {
  const base = (site: Site) => `/sites/${site.id}/getting-in-the-way`;

  async function showNewForm(
    res: Response,
    site: Site,
    team: TeamMember[],
    answers: ItemAnswers,
    errors: FormErrors | undefined,
    status: number,
  ) {
    await renderPage(
      res,
      'getting-in-the-way/new',
      {
        title: `Add to what is getting in the way – ${site.name}`,
        navigation: 'sites',
        site,
        team,
        answers,
        errors,
        ...limits,
        backLink: { href: base(site), text: 'Back to the log' },
      },
      status,
    );
  }

  async function showEditForm(
    res: Response,
    locals: {
      site: Site;
      item: GettingInTheWayItem;
      team: TeamMember[];
      answers: ItemAnswers;
      version: number;
      errors?: FormErrors;
      conflict?: { theirs: GettingInTheWayItem };
    },
    status: number,
  ) {
    await renderPage(
      res,
      'getting-in-the-way/edit',
      {
        title: `Change a log item – ${locals.site.name}`,
        navigation: 'sites',
        ...limits,
        backLink: { href: `${base(locals.site)}/${locals.item.id}`, text: 'Back to the item' },
        ...locals,
      },
      status,
    );
  }

  return [
    {
      method: 'get',
      path: '/sites/:siteId/getting-in-the-way/new',
      allow: 'getting-in-the-way.manage',
      async handler(req, res) {
        const site = await loadSite(db, req, res);
        await showNewForm(res, site, await teamMembers(db, site.id), blankItemAnswers(), undefined, 200);
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/getting-in-the-way',
      allow: 'getting-in-the-way.manage',
      async handler(req, res, person) {
        const site = await loadSite(db, req, res);
        const team = await teamMembers(db, site.id);
        const answers = readItemAnswers(bodyOf(req));
        const { fields, errors } = validateItem(answers, { team });
        if (!fields) return showNewForm(res, site, team, answers, errors, 422);
        const item = await raiseItem(db, actingOf(req, person), { siteId: site.id, fields, raisedOn: today() });
        setFlash(res, 'item-added');
        res.redirect(303, `${base(site)}/${item.id}`);
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/getting-in-the-way/:itemId',
      allow: 'getting-in-the-way.manage',
      async handler(req, res) {
        const { site, item } = await loadItem(db, req, res);
        const [origin, mentions] = await Promise.all([findItemOrigin(db, item), mentionsOf(db, item.id)]);
        const date = today();
        await renderPage(res, 'getting-in-the-way/show', {
          title: `${item.title} – ${site.name}`,
          navigation: 'sites',
          site,
          item,
          origin,
          mentions,
          closed: isClosed(item),
          ageDays: isClosed(item) ? null : daysBetween(item.raisedOn, date),
          daysToResolve: item.resolvedOn ? daysBetween(item.raisedOn, item.resolvedOn) : null,
          ...limits,
          backLink: { href: base(site), text: 'Back to the log' },
        });
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/getting-in-the-way/:itemId/edit',
      allow: 'getting-in-the-way.manage',
      async handler(req, res) {
        const { site, item } = await loadItem(db, req, res);
        await showEditForm(
          res,
          { site, item, team: await ownersFor(db, site, item), answers: answersFrom(item), version: item.version },
          200,
        );
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/getting-in-the-way/:itemId',
      allow: 'getting-in-the-way.manage',
      async handler(req, res, person) {
        const { site, item } = await loadItem(db, req, res);
        const team = await ownersFor(db, site, item);
        const answers = readItemAnswers(bodyOf(req));
        // A missing or garbled version cannot be proved current, so it is treated as stale.
        const version = versionFrom(bodyOf(req));
        const { fields, errors } = validateItem(answers, { team });
        if (!fields) return showEditForm(res, { site, item, team, answers, version: version >= 0 ? version : item.version, errors }, 422);
        const written = await changeItem(db, actingOf(req, person), { item, version, fields, today: today() });
        if (written.stale) return showEditForm(res, { site, item, team, answers, version: item.version, conflict: { theirs: item } }, 409);
        setFlash(res, 'item-saved');
        res.redirect(303, `${base(site)}/${item.id}`);
      },
    },
  ];
}
