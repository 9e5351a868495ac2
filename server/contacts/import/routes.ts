import type { Request, Response } from 'express';
import type { IsoDate } from '../../calendar/fortnights.js';
import type { Db } from '../../db/connection.js';
import type { ContactImport } from '../../db/measures-schema.js';
import type { Site } from '../../db/schema.js';
import { actorOf, recordRead } from '../../audit/record.js';
import { csrfTokenMatches, personOf } from '../../http/auth.js';
import { HttpError, NotFound } from '../../http/errors.js';
import { FormErrorsBuilder } from '../../http/forms.js';
import { parseId, orNotFound } from '../../http/ids.js';
import { renderPage } from '../../http/render.js';
import type { Route } from '../../http/routes.js';
import { loadSite } from '../../sites/load.js';
import { confirmImport, ImportRefused, undoImport } from './apply.js';
import { csvLine } from './csv.js';
import { DEFAULT_MAX_BYTES } from './decode.js';
import { contactTemplateCsv } from './template.js';
import { startImport, findImport, listImports, ON_DUPLICATE, rowsCheckedNow, stageFile, type OnDuplicate } from './staging.js';
import { fileBytes, readUploadForm } from './upload.js';

/** Importing contacts from a CSV file: upload, check your answers, confirm, and undo as a whole. */

/** Problems shown in the page; all of them are in the CSV download. */
export const PROBLEMS_SHOWN = 100;

const base = (site: Site) => `/sites/${site.id}/imports`;

async function loadImport(db: Db, req: Request, res: Response): Promise<{ site: Site; imported: ContactImport }> {
  const site = await loadSite(db, req, res);
  const imported = await findImport(db, site.id, parseId(String(req.params.importId), 'import'));
  if (!imported) throw new NotFound('import');
  return { site, imported };
}

async function showForm(
  res: Response,
  site: Site,
  options: { status?: number; onDuplicate?: string; errors?: ReturnType<FormErrorsBuilder['result']> } = {},
) {
  await renderPage(
    res,
    'imports/new',
    {
      title: options.errors ? `Error: Import contacts – ${site.name}` : `Import contacts – ${site.name}`,
      navigation: 'sites',
      site,
      errors: options.errors,
      onDuplicate: options.onDuplicate ?? 'skip',
      maxSize: '50 MB',
      scripts: ['/static/js/import-progress.js'],
      backLink: { href: base(site), text: 'Back to imports' },
    },
    options.status ?? 200,
  );
}

async function showImport(res: Response, site: Site, imported: ContactImport, refusal?: string) {
  await renderPage(
    res,
    'imports/show',
    {
      title: `${imported.status === 'ready' ? 'Check your answers' : 'Import'} – ${imported.fileName}`,
      navigation: 'sites',
      site,
      imported,
      refusal,
      problemsShown: imported.problems.slice(0, PROBLEMS_SHOWN),
      backLink: { href: base(site), text: 'Back to imports' },
    },
    refusal ? 409 : 200,
  );
}

export function contactImportRoutes(db: Db, today: () => IsoDate, options: { maxBytes?: number } = {}): Route[] {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  return [
    {
      method: 'get',
      path: '/sites/:siteId/imports',
      allow: 'contacts.import',
      async handler(req, res) {
        const site = await loadSite(db, req, res);
        const imports = await listImports(db, site.id);
        await recordRead(db, actorOf(req, res), {
          action: 'imports.listed',
          recordType: 'site',
          recordId: site.id,
          details: { siteId: site.id },
        });
        await renderPage(res, 'imports/list', {
          title: `Imports – ${site.name}`,
          navigation: 'sites',
          site,
          imports,
          backLink: { href: `/sites/${site.id}/measures`, text: 'Back to measures' },
        });
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/imports/template.csv',
      allow: 'contacts.import',
      async handler(req, res) {
        await loadSite(db, req, res);
        res.type('text/csv; charset=utf-8').attachment('contacts-template.csv').send(contactTemplateCsv());
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/imports/progress.json',
      allow: 'contacts.import',
      async handler(req, res) {
        // Asked every second by the upload page while its file is checked (static/js/import-progress.js).
        const site = await loadSite(db, req, res);
        res.set('Cache-Control', 'no-store').json({ rowsChecked: await rowsCheckedNow(db, site.id, personOf(res).id) });
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/imports/new',
      allow: 'contacts.import',
      async handler(req, res) {
        await showForm(res, await loadSite(db, req, res));
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/imports',
      allow: 'contacts.import',
      multipart: true,
      async handler(req, res) {
        const site = await loadSite(db, req, res);
        const errors = new FormErrorsBuilder();
        if (!req.is('multipart/form-data')) {
          // Only a hand-made request gets here: the form always sends multipart/form-data.
          errors.add('file', 'Select a CSV file to upload');
          return showForm(res, site, { status: 422, errors: errors.result() });
        }
        const form = await readUploadForm(req, maxBytes);
        if (form.kind === 'too-large') {
          // Not read (so neither its name nor its token is known), and nothing is written: the form again, with the size problem.
          errors.add('file', form.problem);
          return showForm(res, site, { status: 413, errors: errors.result() });
        }
        if (form.kind === 'unreadable') throw new HttpError(400, 'upload');
        if (!csrfTokenMatches(res, form.csrf) && !csrfTokenMatches(res, req.get('X-CSRF-Token'))) throw new HttpError(403, 'csrf');
        const onDuplicate = typeof form.onDuplicate === 'string' ? form.onDuplicate : '';
        const file = form.file;
        if (!file || (file.size === 0 && !file.name)) errors.add('file', 'Select a CSV file to upload');
        if (!ON_DUPLICATE.includes(onDuplicate as OnDuplicate))
          errors.add('onDuplicate', 'Select what to do with a contact that is already recorded', 'onDuplicate');
        if (errors.any || !file) return showForm(res, site, { status: 422, onDuplicate, errors: errors.result() });
        const created = await startImport(db, actorOf(req, res), {
          siteId: site.id,
          fileName: file.name,
          onDuplicate: onDuplicate as OnDuplicate,
          bytes: file.size,
        });
        await stageFile(db, created, fileBytes(file), { today: today(), maxBytes });
        res.redirect(303, `${base(site)}/${created.id}`);
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/imports/:importId',
      allow: 'contacts.import',
      async handler(req, res) {
        const { site, imported } = await loadImport(db, req, res);
        await recordRead(db, actorOf(req, res), {
          action: 'import.read',
          recordType: 'contact-import',
          recordId: imported.id,
          details: { siteId: site.id },
        });
        await showImport(res, site, imported);
      },
    },
    {
      method: 'get',
      path: '/sites/:siteId/imports/:importId/problems.csv',
      allow: 'contacts.import',
      async handler(req, res) {
        const { site, imported } = await loadImport(db, req, res);
        await recordRead(db, actorOf(req, res), {
          action: 'import.problems-downloaded',
          recordType: 'contact-import',
          recordId: imported.id,
          details: { siteId: site.id, problems: imported.problems.length },
        });
        const lines = [csvLine(['row', 'column', 'value', 'problem'])];
        for (const p of imported.problems) lines.push(csvLine([p.row || '', p.column, p.value, p.problem]));
        const omitted = Number(imported.summary.problemsOmitted ?? 0);
        if (omitted > 0) lines.push(csvLine(['', '', '', `${omitted} more problems not listed: fix these and upload the file again`]));
        res
          .type('text/csv; charset=utf-8')
          .attachment(`import-${imported.id}-problems.csv`)
          .send(`${lines.join('\r\n')}\r\n`);
      },
    },
    ...[
      { action: 'confirm', run: confirmImport },
      { action: 'undo', run: undoImport },
    ].map(({ action, run }): Route => ({
      method: 'post',
      path: `/sites/:siteId/imports/:importId/${action}`,
      allow: 'contacts.import',
      async handler(req, res) {
        const { site, imported } = await loadImport(db, req, res);
        try {
          await run(db, imported, actorOf(req, res));
        } catch (error) {
          if (!(error instanceof ImportRefused)) throw error;
          return showImport(res, site, orNotFound(await findImport(db, site.id, imported.id)), error.message);
        }
        res.redirect(303, `${base(site)}/${imported.id}`);
      },
    })),
  ];
}
