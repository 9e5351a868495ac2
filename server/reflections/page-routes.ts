import { actingOf } from '../audit/record.js';
import { saveReflectionParts } from './service.js';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import { setFlash } from '../http/flash.js';
import type { Route } from '../http/routes.js';
import { bothKept, editedParts, partsAsReadFrom, readPartsAsRead, readTextAnswers, textAnswersFrom, validateText } from './form.js';
import { loadReflection, reflectionPath, renderReflection } from './page.js';
import { findReflection } from './queries.js';
import { orNotFound } from '../http/ids.js';
import { bodyOf } from '../http/forms.js';

export function reflectionPageRoutes(db: Db, today: () => IsoDate): Route[] {
  return [
    {
      method: 'get',
      path: '/sites/:siteId/reflections/:reflectionId',
      allow: 'reflections.take-part',
      async handler(req, res) {
        await renderReflection(db, res, await loadReflection(db, req, res), today());
      },
    },
    {
      // The written prompts, sent together in a plain form (the page's other forms sit between its
      // fields) and saved part by part: only what this person changed, each part against its own version.
      method: 'post',
      path: '/sites/:siteId/reflections/:reflectionId',
      allow: 'reflections.take-part',
      async handler(req, res, person) {
        const loaded = await loadReflection(db, req, res);
        const { site, reflection } = loaded;
        const answers = readTextAnswers(bodyOf(req));
        const asRead = readPartsAsRead(bodyOf(req));
        const errors = validateText(answers);
        if (errors) return renderReflection(db, res, loaded, today(), { textAnswers: answers, partsAsRead: asRead, errors }, 422);
        const edits = editedParts(answers, asRead).map((part) => ({ part, text: answers[part], version: asRead[part].version }));
        const { saved, stale } = await saveReflectionParts(db, actingOf(req, person), { reflection, edits });
        if (stale.length) {
          // Someone saved these parts since this person opened the page. Their words stay saved; both
          // are put in the part's box, theirs first, so that saving again keeps both. Parts that did not
          // clash are saved.
          const latest = orNotFound(await findReflection(db, site.id, reflection.id));
          const theirs = textAnswersFrom(latest);
          const shown = { ...theirs };
          for (const part of stale) shown[part] = bothKept(theirs[part], answers[part]);
          return renderReflection(
            db,
            res,
            { site, reflection: latest },
            today(),
            { textAnswers: shown, partsAsRead: partsAsReadFrom(latest), conflict: { parts: stale, saved, theirs, yours: answers } },
            409,
          );
        }
        setFlash(res, saved.length ? 'reflection-saved' : 'reflection-unchanged');
        res.redirect(303, reflectionPath(site, reflection));
      },
    },
  ];
}
