import type { Request, Response } from 'express';
import { formatDate, type IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { actingOf } from '../audit/record.js';
import { packChange } from './service.js';
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
import { changePack, freezePack } from './status.js';
import type { ShowAndTellPack } from '../db/schema.js';
import { personOf } from '../http/auth.js';

type Loaded = PackContext & { found: NonNullable<PackContext['found']> };

const STALE =
  'Someone changed this show-and-tell while you were looking at it. Nothing has been changed: check the pack as it is now, then try again.';

export function packRoutes(db: Db, today: () => IsoDate): Route[] {
  /** Runs a change to the pack with its audit entry, then answers: 303 back to the pack, or the pack again with why not. */
  async function change(
    req: Request,
    res: Response,
    context: Loaded,
    write: (tx: Db) => Promise<Change<ShowAndTellPack>>,
    audit: { action: string; details: Record<string, unknown> },
    flash: FlashKey,
    kept: Record<string, unknown> = {},
  ) {
    const result = await packChange(db, actingOf(req, personOf(res)), write, (saved) => ({
      action: audit.action,
      recordType: 'show-and-tell',
      recordId: context.found.pack.id,
      details: { ...audit.details, version: saved.version },
    }));
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
          return change(
            req,
            res,
            context,
            (tx) => freezePack(tx, pack.id, version, sections, snapshot, { userId: personOf(res).id, today: date }),
            {
              action: 'show-and-tell.presented',
              details: { presentedOn: date, ...(early ? { early: true, showAndTellDate: context.period.showAndTellDate } : {}) },
            },
            'pack-presented',
          );
        }
        if (to !== 'ready' && to !== 'draft') {
          const errors = new FormErrorsBuilder();
          errors.add('to', 'Choose whether the pack is a draft, ready or presented');
          return renderPackPage(db, res, context, date, { errors: errors.result() }, 422);
        }
        await change(
          req,
          res,
          context,
          (tx) => changePack(tx, pack.id, version, { status: to }),
          { action: `show-and-tell.${to}`, details: {} },
          to === 'ready' ? 'pack-ready' : 'pack-draft',
        );
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
        await change(
          req,
          res,
          context,
          (tx) => changePack(tx, pack.id, versionFrom(bodyOf(req)), { sharedWithGroup: share }),
          { action: share ? 'show-and-tell.shared' : 'show-and-tell.unshared', details: {} },
          share ? 'pack-shared' : 'pack-unshared',
        );
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
        await change(
          req,
          res,
          context,
          (tx) => changePack(tx, context.found.pack.id, versionFrom(bodyOf(req)), { attendance: fields }),
          { action: 'show-and-tell.attendance', details: fields },
          'pack-attendance-saved',
          { attendanceAnswers },
        );
      },
    },
  ];
}
