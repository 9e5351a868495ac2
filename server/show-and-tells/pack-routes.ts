import type { Request, Response } from 'express';
import { formatDate, type IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { actingOf } from '../audit/record.js';
import { changePackItself, presentPack } from './service.js';
import { setFlash, type FlashKey } from '../http/flash.js';
import { FormErrorsBuilder, text, bodyOf, versionFrom } from '../http/forms.js';
import type { Route } from '../http/routes.js';
import { teamMembers } from '../sites/team.js';
import { readAttendanceAnswers, validateAttendance } from './form.js';
import { frozenError, loadPack, packPath, type PackContext } from './load.js';
import { renderPackPage, shownPack } from './page.js';
import type { Change } from './queries.js';
import { packPrivacyProblems } from './section-checks.js';
import { showLive, snapshotOf } from './shown.js';
import type { ShowAndTellPack } from '../db/schema.js';
import { personOf } from '../http/auth.js';

type Loaded = PackContext & { found: NonNullable<PackContext['found']> };

const STALE =
  'Someone changed this show-and-tell while you were looking at it. Nothing has been changed: check the pack as it is now, then try again.';

export function packRoutes(db: Db, today: () => IsoDate): Route[] {
  /** Answers a change to the pack: 303 back to it, or the pack again with why not. */
  async function answer(
    req: Request,
    res: Response,
    context: Loaded,
    result: Change<ShowAndTellPack>,
    flash: FlashKey,
    kept: Record<string, unknown> = {},
  ) {
    if ('frozen' in result) throw frozenError(context);
    if ('stale' in result)
      return renderPackPage(db, res, await loadPack(db, req, res, today()), today(), { conflict: { message: STALE }, ...kept }, 409);
    setFlash(res, flash);
    res.redirect(303, packPath(context.site.id, context.period.number));
  }

  return [
    {
      method: 'post',
      path: '/sites/:siteId/show-and-tells/:number/status',
      allow: 'show-and-tells.prepare',
      async handler(req, res) {
        const date = today();
        const context = await loadPack(db, req, res, date);
        const { pack, sections } = context.found;
        if (pack.status === 'presented') throw frozenError(context);
        const to = text(bodyOf(req), 'to');
        const version = versionFrom(bodyOf(req));
        if (to === 'presented') {
          // Before the show-and-tell's date, only when the lead says it was presented early.
          const early = date < context.period.showAndTellDate;
          if (early && text(bodyOf(req), 'early') !== 'yes') {
            const errors = new FormErrorsBuilder();
            errors.add(
              'early',
              `The show-and-tell is not until ${formatDate(context.period.showAndTellDate)}. Tick the box to say it was presented early, or mark it presented on the day`,
            );
            return renderPackPage(db, res, context, date, { errors: errors.result() }, 422);
          }
          // What is shown today is what is kept: the charts as drawn, the stories offered today.
          const snapshot = snapshotOf(await showLive(db, context.site, context.period, sections, date));
          const presented = await presentPack(db, actingOf(req, personOf(res)), {
            packId: pack.id,
            version,
            sections,
            snapshot,
            today: date,
            early: early ? { showAndTellDate: context.period.showAndTellDate } : undefined,
          });
          return answer(req, res, context, presented, 'pack-presented');
        }
        if (to !== 'ready' && to !== 'draft') {
          const errors = new FormErrorsBuilder();
          errors.add('to', 'Choose whether the pack is a draft, ready or presented');
          return renderPackPage(db, res, context, date, { errors: errors.result() }, 422);
        }
        const changed = await changePackItself(db, actingOf(req, personOf(res)), { packId: pack.id, version, change: { status: to } });
        await answer(req, res, context, changed, to === 'ready' ? 'pack-ready' : 'pack-draft');
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/show-and-tells/:number/sharing',
      allow: 'show-and-tells.prepare',
      async handler(req, res) {
        const date = today();
        const context = await loadPack(db, req, res, date);
        const { pack } = context.found;
        const share = text(bodyOf(req), 'share') === 'yes';
        const errors = new FormErrorsBuilder();
        if (share && pack.status === 'draft')
          errors.add('share', 'Mark the pack as ready before you share it with the co-production group');
        if (share && !errors.any) {
          // What the group would see: the sections as shown, with the stories they show on the day.
          const shown = await shownPack(db, context, date);
          const problems = packPrivacyProblems(shown.sections, {
            workerNames: (await teamMembers(db, context.site.id)).map((member) => member.name),
            siteName: context.site.name,
          });
          if (problems.length) {
            const list = problems.map(({ section, finding }) => `“${finding.text}” in “${section}”`).join(', ');
            errors.add('share', `The pack cannot be shared until you take out what could identify someone or names a worker: ${list}`);
          }
        }
        if (errors.any) return renderPackPage(db, res, context, date, { errors: errors.result() }, 422);
        const changed = await changePackItself(db, actingOf(req, personOf(res)), {
          packId: pack.id,
          version: versionFrom(bodyOf(req)),
          change: { sharedWithGroup: share },
        });
        await answer(req, res, context, changed, share ? 'pack-shared' : 'pack-unshared');
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/show-and-tells/:number/attendance',
      allow: 'show-and-tells.prepare',
      async handler(req, res) {
        const date = today();
        const context = await loadPack(db, req, res, date);
        const attendanceAnswers = readAttendanceAnswers(bodyOf(req));
        const { fields, errors } = validateAttendance(attendanceAnswers);
        if (!fields) return renderPackPage(db, res, context, date, { errors, attendanceAnswers }, 422);
        const changed = await changePackItself(db, actingOf(req, personOf(res)), {
          packId: context.found.pack.id,
          version: versionFrom(bodyOf(req)),
          change: { attendance: fields },
        });
        await answer(req, res, context, changed, 'pack-attendance-saved', { attendanceAnswers });
      },
    },
  ];
}
