import { actorOf, recordAudit } from '../audit/record.js';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { STAFF } from '../http/auth.js';
import { setFlash } from '../http/flash.js';
import type { Route } from '../http/routes.js';
import { readTextAnswers, textAnswersFrom, validateText } from './form.js';
import { loadReflection, reflectionPath, renderReflection } from './page.js';
import { findReflection, saveText } from './queries.js';

export function reflectionPageRoutes(db: Db, today: () => IsoDate): Route[] {
  return [
    {
      method: 'get',
      path: '/sites/:siteId/reflections/:reflectionId',
      allow: STAFF,
      async handler(req, res) {
        await renderReflection(db, res, await loadReflection(db, req, res), today());
      },
    },
    {
      // The written prompts, saved together. A plain form: the page's other forms sit between its fields.
      method: 'post',
      path: '/sites/:siteId/reflections/:reflectionId',
      allow: STAFF,
      async handler(req, res) {
        const loaded = await loadReflection(db, req, res);
        const { site, reflection } = loaded;
        const answers = readTextAnswers(req.body);
        const version = Number(req.body?.version);
        const errors = validateText(answers);
        if (errors) {
          return renderReflection(db, res, loaded, today(), { textAnswers: answers, textVersion: Number.isInteger(version) ? version : reflection.version, errors }, 422);
        }
        const saved = await db.transaction(async (tx) => {
          const updated = await saveText(tx, reflection, Number.isInteger(version) ? version : -1, answers);
          if (updated) await recordAudit(tx, actorOf(req, res), { action: 'reflection.saved', recordType: 'reflection', recordId: reflection.id, details: { version: updated.version } });
          return updated;
        });
        if (!saved) {
          // Someone saved since this person opened the page: show both, keep what they typed, overwrite nothing.
          const latest = (await findReflection(db, site.id, reflection.id))!;
          return renderReflection(
            db,
            res,
            { site, reflection: latest },
            today(),
            { textAnswers: answers, textVersion: latest.version, conflict: { theirs: textAnswersFrom(latest) } },
            409,
          );
        }
        setFlash(res, 'reflection-saved');
        res.redirect(303, reflectionPath(site, reflection));
      },
    },
  ];
}
