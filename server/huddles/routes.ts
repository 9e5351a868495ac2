import { formatDate, type IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { actingOf, actorOf, recordRead } from '../audit/record.js';
import { NotFound } from '../http/errors.js';
import { bodyOf, dateInputValue, FormErrorsBuilder, parseDateInput, text } from '../http/forms.js';
import { checkLength } from '../actions/form.js';
import { wantsPartial } from '../http/htmx.js';
import { parseId } from '../http/ids.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { canAccessSite, loadSite } from '../sites/load.js';
import { afterChange, boardHtml, displayOf, showBoard } from './board-view.js';
import { huddleDayOnOrBefore, huddleDayProblem, loadHuddleDay, nextHuddleDay } from './load.js';
import { boardRevision, huddleTimes, listHuddles } from './queries.js';
import { closeTheHuddle, REOPEN_REASON_MAX, reopenTheHuddle, startTheHuddle } from './service.js';
import { setFlash } from '../http/flash.js';

const PAGE_SIZE = 50;

export function huddleRoutes(db: Db, today: () => IsoDate): Route[] {
  return [
    {
      method: 'get',
      path: '/sites/:siteId/huddles/next',
      allow: 'huddles.take-part',
      // "Prepare the next huddle": the first huddle day after today, to add to ahead of time.
      async handler(req, res) {
        const site = await loadSite(db, req, res);
        const next = await nextHuddleDay(db, site, today());
        if (!next) throw new NotFound('huddle');
        res.redirect(303, `/sites/${site.id}/huddles/${next}`);
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/huddles',
      allow: 'huddles.take-part',
      async handler(req, res) {
        const site = await loadSite(db, req, res);
        const page = req.query.page === undefined ? 1 : parseId(String(req.query.page), 'page');
        const date = today();
        // "Go to a date": a GET form, so it works without JavaScript and can be bookmarked.
        if (req.query['date-day'] !== undefined) {
          const answers = dateInputValue(req.query, 'date');
          const errors = new FormErrorsBuilder();
          const chosen = parseDateInput(answers, 'Huddle date', errors, 'date');
          const problem = chosen ? await huddleDayProblem(db, site, chosen, date) : undefined;
          if (problem) errors.add('date', problem, 'date-day');
          if (!errors.any) return res.redirect(303, `/sites/${site.id}/huddles/${chosen}`);
          const { huddles, total } = await listHuddles(db, site.id, 1, PAGE_SIZE);
          return renderPage(
            res,
            'huddles/list',
            {
              title: `Huddles – ${site.name}`,
              navigation: 'sites',
              site,
              huddles,
              total,
              page: 1,
              pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
              answers,
              errors: errors.result(),
              latest: await huddleDayOnOrBefore(db, site, date),
            },
            422,
          );
        }
        const { huddles, total } = await listHuddles(db, site.id, page, PAGE_SIZE);
        const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
        if (page > pages) throw new NotFound('page');
        await renderPage(res, 'huddles/list', {
          title: `Huddles – ${site.name}`,
          navigation: 'sites',
          site,
          huddles,
          total,
          page,
          pages,
          answers: dateInputValue({}, 'date'),
          latest: await huddleDayOnOrBefore(db, site, date),
          backLink: { href: `/sites/${site.id}`, text: `Back to ${site.name}` },
        });
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/huddle',
      allow: 'huddles.take-part',
      async handler(req, res) {
        // "Today's huddle": today's board on a huddle day, otherwise the latest one before it.
        const site = await loadSite(db, req, res);
        const latest = await huddleDayOnOrBefore(db, site, today());
        if (!latest) return res.redirect(303, `/sites/${site.id}/huddles`);
        res.redirect(303, `/sites/${site.id}/huddles/${latest}${displayOf(req) === 'board' ? '?view=board' : ''}`);
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/huddles/:date',
      allow: 'huddles.take-part',
      async handler(req, res) {
        const context = { ...(await loadHuddleDay(db, req, res, today(), { team: false })), today: today() };
        if (wantsPartial(req, res)) {
          // The board fetching itself again after its live check saw a change: not a new opening.
          res.type('html').send(await boardHtml(db, req, res, context));
          return;
        }
        // Opening a board shows person references: who opened which day's board is audited.
        await recordRead(db, actorOf(req, res), {
          action: 'huddle.opened',
          recordType: 'huddle',
          recordId: context.huddle?.id,
          details: { siteId: context.site.id, date: context.date, ...(req.query.view === 'board' ? { view: 'board' } : {}) },
        });
        await showBoard(db, req, res, context);
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/huddles/:date/live',
      allow: 'huddles.take-part',
      async handler(req, res) {
        // Asked every few seconds by every open board, so it checks access from the session and
        // answers "nothing new" from one primary-key lookup, without loading the site.
        const siteId = parseId(String(req.params.siteId), 'site');
        if (!canAccessSite(res.locals.user, siteId)) throw new NotFound('site');
        res.set('Cache-Control', 'no-store');
        const since = Number(req.query.since);
        const revision = await boardRevision(db, siteId);
        if (Number.isInteger(since) && since === revision) {
          res.status(204).end();
          return;
        }
        const context = { ...(await loadHuddleDay(db, req, res, today(), { team: false })), today: today() };
        res.type('html').send(await boardHtml(db, req, res, context));
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/huddles/:date/start',
      allow: 'huddles.take-part',
      async handler(req, res, person) {
        const context = { ...(await loadHuddleDay(db, req, res, today())), today: today() };
        await startTheHuddle(db, actingOf(req, person), { siteId: context.site.id, date: context.date });
        await afterChange(db, req, res, context, 'open-actions', 'huddle-started');
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/huddles/:date/close',
      allow: 'huddles.take-part',
      // Closing asks first: a plain page, so the board's Close button works without JavaScript.
      async handler(req, res) {
        const context = await loadHuddleDay(db, req, res, today(), { team: false });
        const base = `/sites/${context.site.id}/huddles/${context.date}`;
        const times = context.huddle ? await huddleTimes(db, context.huddle.id) : undefined;
        if (times?.closedAt) return res.redirect(303, base);
        await renderPage(res, 'huddles/close', {
          title: `Close the huddle – ${formatDate(context.date)}`,
          site: context.site,
          date: context.date,
          base,
          startedAt: times?.startedAt ?? null,
          backLink: { href: base, text: 'Back to the huddle' },
        });
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/huddles/:date/close',
      allow: 'huddles.take-part',
      async handler(req, res, person) {
        const context = { ...(await loadHuddleDay(db, req, res, today())), today: today() };
        await closeTheHuddle(db, actingOf(req, person), { siteId: context.site.id, date: context.date });
        await afterChange(db, req, res, context, 'open-actions', 'huddle-closed');
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/huddles/:date/reopen',
      allow: 'huddles.reopen',
      async handler(req, res) {
        const context = await loadHuddleDay(db, req, res, today(), { team: false });
        const shown = await reopenPage(context);
        if (!shown) return res.redirect(303, `/sites/${context.site.id}/huddles/${context.date}`);
        await renderPage(res, 'huddles/reopen', { ...shown, reason: '' });
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/huddles/:date/reopen',
      allow: 'huddles.reopen',
      async handler(req, res, person) {
        const context = await loadHuddleDay(db, req, res, today(), { team: false });
        const base = `/sites/${context.site.id}/huddles/${context.date}`;
        const shown = await reopenPage(context);
        if (!shown || !context.huddle) return res.redirect(303, base);
        const reason = text(bodyOf(req), 'reason');
        const errors = new FormErrorsBuilder();
        if (!reason) errors.add('reason', 'Enter why the huddle is being opened again');
        else checkLength(reason, REOPEN_REASON_MAX, 'Reason', errors, 'reason');
        if (errors.any) return renderPage(res, 'huddles/reopen', { ...shown, reason, errors: errors.result() }, 422);
        await reopenTheHuddle(
          db,
          actingOf(req, person),
          { siteId: context.site.id, date: context.date, huddleId: context.huddle.id },
          reason,
        );
        setFlash(res, 'huddle-reopened');
        res.redirect(303, base);
      },
    },
  ];

  /** The reopen page's locals, or undefined when the huddle is not closed (nothing to reopen). */
  async function reopenPage(context: Awaited<ReturnType<typeof loadHuddleDay>>) {
    const times = context.huddle ? await huddleTimes(db, context.huddle.id) : undefined;
    if (!times?.closedAt) return undefined;
    const base = `/sites/${context.site.id}/huddles/${context.date}`;
    return {
      title: `Open the huddle again – ${formatDate(context.date)}`,
      site: context.site,
      date: context.date,
      base,
      closedAt: times.closedAt,
      closedBy: times.closedBy,
      limit: REOPEN_REASON_MAX,
      backLink: { href: base, text: 'Back to the huddle' },
    };
  }
}
