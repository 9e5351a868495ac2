import type { Request, Response } from 'express';
import type { Db } from '../db/connection.js';
import type { Site } from '../db/schema.js';
import { actingOf } from '../audit/record.js';
import { NotFound } from '../http/errors.js';
import { setFlash } from '../http/flash.js';
import { FormErrorsBuilder, text, type FormErrors, bodyOf } from '../http/forms.js';
import { parseId } from '../http/ids.js';
import { renderPage } from '../http/render.js';
import type { Route } from '../http/routes.js';
import { loadSite } from '../sites/load.js';
import { findTheme, readThemeName, THEME_MAX, themesOf } from './themes.js';
import { addStoryTheme, changeStoryTheme } from './service.js';

/** A site's own list of themes, kept by its programme leads: add, rename, retire and restore. */
export function storyThemeRoutes(db: Db): Route[] {
  const base = (site: Site) => `/sites/${site.id}/stories/themes`;

  async function showThemes(
    res: Response,
    site: Site,
    locals: { errors?: FormErrors; answers?: Record<string, string>; conflict?: boolean } = {},
    status = 200,
  ) {
    await renderPage(
      res,
      'stories/themes',
      {
        title: `Story themes – ${site.name}`,
        navigation: 'sites',
        site,
        themes: await themesOf(db, site.id),
        answers: {},
        themeMax: THEME_MAX,
        base: base(site),
        ...locals,
        backLink: { href: `/sites/${site.id}/stories`, text: 'Back to stories' },
      },
      status,
    );
  }

  function taken(name: string, field: string): FormErrors {
    return FormErrorsBuilder.one(field, `The site already has a theme called “${name}”`);
  }

  return [
    {
      method: 'get',
      path: '/sites/:siteId/stories/themes',
      allow: 'stories.themes',
      async handler(req, res) {
        await showThemes(res, await loadSite(db, req, res));
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/stories/themes',
      allow: 'stories.themes',
      async handler(req, res, person) {
        const site = await loadSite(db, req, res);
        const { name, errors } = readThemeName(bodyOf(req));
        if (!name) return showThemes(res, site, { errors, answers: { name: text(bodyOf(req), 'name') } }, 422);
        const added = await addStoryTheme(db, actingOf(req, person), { siteId: site.id, name });
        if (added.nameTaken) return showThemes(res, site, { errors: taken(name, 'name'), answers: { name } }, 422);
        setFlash(res, 'theme-added');
        res.redirect(303, base(site));
      },
    },
    {
      method: 'post',
      path: '/sites/:siteId/stories/themes/:themeId',
      allow: 'stories.themes',
      async handler(req: Request, res, person) {
        const site = await loadSite(db, req, res);
        const theme = await findTheme(db, site.id, parseId(String(req.params.themeId), 'theme'));
        if (!theme) throw new NotFound('theme');
        const field = `name-${theme.id}`;
        const action = text(bodyOf(req), 'action');
        const version = /^\d{1,9}$/.test(text(bodyOf(req), 'version')) ? Number(text(bodyOf(req), 'version')) : -1;
        let change: { name?: string; retired?: boolean };
        if (action === 'retire' || action === 'restore') change = { retired: action === 'retire' };
        else {
          const { name, errors } = readThemeName(bodyOf(req));
          if (!name)
            return showThemes(
              res,
              site,
              {
                errors: {
                  summary: (errors?.summary ?? []).map((item) => ({ ...item, href: `#${field}` })),
                  fields: { [field]: errors?.fields.name ?? '' },
                },
                answers: { [field]: text(bodyOf(req), 'name') },
              },
              422,
            );
          change = { name };
        }
        const changed = await changeStoryTheme(db, actingOf(req, person), {
          theme,
          version,
          change,
          action: action === 'retire' ? 'retired' : action === 'restore' ? 'restored' : 'renamed',
        });
        if ('nameTaken' in changed && change.name)
          return showThemes(res, site, { errors: taken(change.name, field), answers: { [field]: change.name } }, 422);
        if (changed.stale) {
          const errors = new FormErrorsBuilder();
          errors.add(
            field,
            `Someone changed “${theme.name}” while you were: it is shown as it is now. Make your change again if it is still needed`,
          );
          return showThemes(
            res,
            site,
            { errors: errors.result(), answers: change.name ? { [field]: change.name } : {}, conflict: true },
            409,
          );
        }
        setFlash(res, 'theme-saved');
        res.redirect(303, base(site));
      },
    },
  ];
}
